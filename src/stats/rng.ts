import { InputError } from '../errors.js';

/** What a random stream is seeded from: the benchmark's seed, a task id, a label. */
export type Seed = number | string;

/** A deterministic pseudo-random stream (xoshiro128**, 128-bit state). */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n), unbiased; n a positive integer ≤ 2^32. */
  int(n: number): number;
  /** Fill `out` with uniform integers in [0, n): the same draws as repeated `int(n)`, faster. */
  fillInts(out: Uint32Array, n: number): void;
  /**
   * An independent stream named by `label`. It depends only on this stream's
   * seed and the label, never on how many numbers were drawn, so forks made in
   * any order are the same.
   */
  derive(label: Seed): Rng;
}

const TWO_32 = 4294967296;

/** Prefix-free encoding, so distinct part lists never share a key. */
function encodePart(part: Seed): string {
  if (typeof part === 'number') {
    if (!Number.isFinite(part)) throw new InputError(`seed part must be a finite number, got ${part}`);
    const text = String(part);
    return `n${text.length}:${text}`;
  }
  return `s${part.length}:${part}`;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 128-bit hash of a string in four 32-bit lanes (murmur-style mixing). */
function hash128(key: string): [number, number, number, number] {
  let h1 = 0x243f6a88, h2 = 0x85a308d3, h3 = 0x13198a2e, h4 = 0x03707344;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 0x9e3779b1);
    h2 = h3 ^ Math.imul(h2 ^ k, 0x85ebca77);
    h3 = h4 ^ Math.imul(h3 ^ k, 0xc2b2ae3d);
    h4 = h1 ^ Math.imul(h4 ^ k, 0x27d4eb2f);
  }
  h1 = fmix32(h1 ^ key.length);
  h2 = fmix32(h2 ^ h1);
  h3 = fmix32(h3 ^ h2);
  h4 = fmix32(h4 ^ h3);
  return [fmix32(h1 ^ h4), h2, h3, h4];
}

/** splitmix32 step, used to spread the hash over the generator's state. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Unbiased draws from [0, n): keep the largest multiple of n below 2^32
 * (`limit`), reject the rest, and split the kept range into n equal buckets.
 */
function rejectionBounds(n: number): { limit: number; bucket: number } {
  if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
    throw new InputError(`rng.int needs an integer in [1, 2^32], got ${n}`);
  }
  const bucket = Math.floor(TWO_32 / n);
  return { limit: bucket * n, bucket };
}

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly key: string) {
    const [h1, h2, h3, h4] = hash128(key);
    this.a = splitmix32(h1) | 0;
    this.b = splitmix32(h2 ^ this.a) | 0;
    this.c = splitmix32(h3 ^ this.b) | 0;
    this.d = splitmix32(h4 ^ this.c) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1; // the all-zero state is a fixed point
  }

  nextUint32(): number {
    const b = this.b;
    const t = Math.imul(b, 5);
    const result = Math.imul((t << 7) | (t >>> 25), 9) >>> 0;
    const shifted = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= shifted;
    this.d = (this.d << 11) | (this.d >>> 21);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_32;
  }

  int(n: number): number {
    const { limit, bucket } = rejectionBounds(n);
    let u = this.nextUint32();
    while (u >= limit) u = this.nextUint32();
    return Math.floor(u / bucket);
  }

  fillInts(out: Uint32Array, n: number): void {
    const { limit, bucket } = rejectionBounds(n);
    // The generator step inlined on local state: this loop is the bootstrap's hot path.
    let a = this.a, b = this.b, c = this.c, d = this.d;
    for (let i = 0; i < out.length;) {
      const t = Math.imul(b, 5);
      const u = Math.imul((t << 7) | (t >>> 25), 9) >>> 0;
      const shifted = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= shifted;
      d = (d << 11) | (d >>> 21);
      if (u < limit) out[i++] = Math.floor(u / bucket);
    }
    this.a = a; this.b = b; this.c = c; this.d = d;
  }

  derive(label: Seed): Rng {
    return new Xoshiro128(`${this.key}/${encodePart(label)}`);
  }
}

/** A stream seeded from `seed`; equal seeds give equal streams. */
export function createRng(seed: Seed): Rng {
  return new Xoshiro128(encodePart(seed));
}

/**
 * Combine parts (benchmark seed, task id, metric name…) into one 32-bit seed.
 * Order matters and parts never run together: ('ab', 'c') ≠ ('a', 'bc').
 */
export function seedFrom(...parts: Seed[]): number {
  return hash128(parts.map(encodePart).join(''))[0];
}
