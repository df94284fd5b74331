import { open, type FileHandle } from 'node:fs/promises';

/** One field of a protobuf message: a varint value, or the place of a length-delimited payload. */
export interface ProtoField {
  field: number;
  wire: number;
  /** Varint value (wire 0). */
  value: bigint;
  /** Payload position and length (wire 2). */
  pos: number;
  len: number;
  /** The whole field, tag included: [start, end) copies it verbatim. */
  start: number;
  end: number;
}

const BLOCK = 1 << 16;

/**
 * Protobuf fields read from a file with positioned reads: a 2 GB weight payload is skipped, never
 * read, so looking at a model's graph costs a few small reads however large the file is.
 */
export class ProtoFile {
  private readonly blocks = new Map<number, Buffer>();

  private constructor(private readonly fh: FileHandle, readonly size: number) {}

  static async open(file: string): Promise<ProtoFile> {
    const fh = await open(file, 'r');
    return new ProtoFile(fh, (await fh.stat()).size);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  async bytes(pos: number, len: number): Promise<Buffer> {
    const first = Math.floor(pos / BLOCK);
    const last = Math.floor((pos + Math.max(len, 1) - 1) / BLOCK);
    const parts: Buffer[] = [];
    for (let b = first; b <= last; b++) parts.push(await this.block(b));
    const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const start = pos - first * BLOCK;
    return joined.subarray(start, start + len);
  }

  async text(pos: number, len: number): Promise<string> {
    return (await this.bytes(pos, len)).toString('utf8');
  }

  private async block(index: number): Promise<Buffer> {
    const hit = this.blocks.get(index);
    if (hit) return hit;
    const buf = Buffer.alloc(Math.min(BLOCK, this.size - index * BLOCK));
    await this.fh.read(buf, 0, buf.length, index * BLOCK);
    if (this.blocks.size > 256) this.blocks.clear();
    this.blocks.set(index, buf);
    return buf;
  }

  /** The fields of the message in [start, end), in file order. */
  async *fields(start: number, end: number): AsyncGenerator<ProtoField> {
    let pos = start;
    while (pos < end) {
      const start = pos;
      const tag = await this.varint(pos, end);
      pos = tag.next;
      const field = Number(tag.value >> 3n);
      const wire = Number(tag.value & 7n);
      if (wire === 0) {
        const v = await this.varint(pos, end);
        yield { field, wire, value: v.value, pos, len: 0, start, end: v.next };
        pos = v.next;
      } else if (wire === 2) {
        const len = await this.varint(pos, end);
        const n = Number(len.value);
        if (len.next + n > end) throw new Error(`a field runs past its message at byte ${pos}`);
        yield { field, wire, value: 0n, pos: len.next, len: n, start, end: len.next + n };
        pos = len.next + n;
      } else if (wire === 1 || wire === 5) {
        const len = wire === 1 ? 8 : 4;
        yield { field, wire, value: 0n, pos, len, start, end: pos + len };
        pos += len;
      } else {
        throw new Error(`unsupported protobuf wire type ${wire} at byte ${pos}`);
      }
    }
  }

  /** Packed (wire 2) or single (wire 0) repeated varints. */
  async varints(f: ProtoField): Promise<bigint[]> {
    if (f.wire === 0) return [f.value];
    const out: bigint[] = [];
    for (let p = f.pos; p < f.pos + f.len;) {
      const v = await this.varint(p, f.pos + f.len);
      out.push(v.value);
      p = v.next;
    }
    return out;
  }

  private async varint(pos: number, end: number): Promise<{ value: bigint; next: number }> {
    const buf = await this.bytes(pos, Math.min(10, end - pos));
    let value = 0n;
    for (let i = 0; i < buf.length; i++) {
      value |= BigInt(buf[i]! & 0x7f) << BigInt(7 * i);
      if ((buf[i]! & 0x80) === 0) return { value: BigInt.asIntN(64, value), next: pos + i + 1 };
    }
    throw new Error(`a varint runs past its message at byte ${pos}`);
  }
}
