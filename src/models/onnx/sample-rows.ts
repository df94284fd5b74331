import type { GenerateRequest } from '../types.js';
import type { LoopResult } from './generate-loop.js';
import { greedyPicker, samplingPicker, type TokenPicker } from './sampling.js';


/** One picker per decoded row: greedy asks once whatever n is; sampling asks n times, each with its own seed. */
export function pickersFor(r: GenerateRequest): TokenPicker[] {
  const { temperature, topP, n, seed } = r.sampling;
  if (temperature <= 0) return [greedyPicker()];
  return Array.from({ length: n }, (_, s) => samplingPicker(temperature, topP, seed + s * 7919));
}

/** Decoded rows back to requests: n texts each (a greedy answer repeated n times). */
export function gatherSamples(requests: GenerateRequest[], decoded: LoopResult[]): { texts: string[]; finish: LoopResult['finish'][] }[] {
  let cursor = 0;
  return requests.map((r) => {
    const got = decoded.slice(cursor, (cursor += r.sampling.temperature > 0 ? r.sampling.n : 1));
    const sample = (s: number) => got[Math.min(s, got.length - 1)]!;
    return {
      texts: Array.from({ length: r.sampling.n }, (_, s) => sample(s).text),
      finish: Array.from({ length: r.sampling.n }, (_, s) => sample(s).finish),
    };
  });
}
