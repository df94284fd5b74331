/**
 * The part of the protobuf wire format an ONNX file needs: varints (int64 as two's complement),
 * length-delimited fields (strings, bytes, nested messages) and packed repeated varints.
 */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  /** Bytes already encoded (a field copied verbatim from another message). */
  raw(bytes: Uint8Array): this {
    return this.push(bytes);
  }

  private push(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  private tag(field: number, wire: 0 | 2 | 5): this {
    return this.push(varint((field << 3) | wire));
  }

  int(field: number, value: number | bigint): this {
    return this.tag(field, 0).push(varint(value));
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.tag(field, 5).push(b);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, 2).push(varint(value.length)).push(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  packedInts(field: number, values: (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.push(varint(v));
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Base-128 varint; negative numbers as 64-bit two's complement (ten bytes), as protobuf's int64. */
export function varint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}
