/** Keeps the last bytes of a stream and counts them all, so huge outputs cost bounded memory. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly keepBytes: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.chunks.length > 1 && this.kept - this.chunks[0]!.length >= this.keepBytes) {
      this.kept -= this.chunks.shift()!.length;
    }
  }

  /** The kept tail as UTF-8 (a split character at the cut shows as U+FFFD). */
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.keepBytes)).toString('utf8');
  }
}
