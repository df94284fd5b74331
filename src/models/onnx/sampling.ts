/** Next-token choice from one logits row: greedy, or seeded temperature / top-p sampling. */
export type TokenPicker = (logits: Float32Array, offset: number, vocab: number) => number;

export function greedyPicker(): TokenPicker {
  return (logits, offset, vocab) => {
    let best = 0;
    for (let i = 1; i < vocab; i++) if (logits[offset + i]! > logits[offset + best]!) best = i;
    return best;
  };
}

/** A deterministic stream for one sample: the same seed gives the same tokens on any machine. */
export function samplingPicker(temperature: number, topP: number, seed: number): TokenPicker {
  const random = splitmix32(seed);
  return (logits, offset, vocab) => {
    let max = -Infinity;
    for (let i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]!);
    const probs = new Float64Array(vocab);
    let sum = 0;
    for (let i = 0; i < vocab; i++) { probs[i] = Math.exp((logits[offset + i]! - max) / temperature); sum += probs[i]!; }
    const order = Array.from({ length: vocab }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
    let kept = 0;
    let mass = 0;
    while (kept < vocab && (kept === 0 || mass / sum < topP)) mass += probs[order[kept++]!]!;
    let r = random() * mass;
    for (let j = 0; j < kept; j++) {
      r -= probs[order[j]!]!;
      if (r <= 0) return order[j]!;
    }
    return order[kept - 1]!;
  };
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}
