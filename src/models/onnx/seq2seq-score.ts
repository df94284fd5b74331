import { argmaxAt, logSoftmaxAt } from './tensors.js';
import { takeEncodedRows, type Encoded, type Seq2SeqLM } from './seq2seq-lm.js';

export interface TargetScores {
  logprobs: number[];
  greedy: boolean[];
}

/**
 * Score every target after one encoded context (batch 1) in a single padded decoder forward:
 * row j is the start token + target[:-1], right-padded (the decoder is causal, so padding after a
 * row's end changes none of its scored positions); the encoder states are tiled across the rows.
 */
export async function scoreTargets(lm: Seq2SeqLM, context: Encoded, targets: number[][], ids: { start: number; pad: number }): Promise<TargetScores> {
  const logprobs = targets.map(() => 0);
  const greedy = targets.map(() => true);
  const scored = targets.map((t, j) => (t.length > 0 ? j : -1)).filter((j) => j >= 0);
  if (scored.length === 0) return { logprobs, greedy };
  const width = Math.max(...scored.map((j) => targets[j]!.length));
  const rows = scored.map((j) => {
    const input = [ids.start, ...targets[j]!.slice(0, -1)];
    return [...input, ...Array(width - input.length).fill(ids.pad)];
  });
  const out = await lm.decode(rows, takeEncodedRows(context, rows.map(() => 0)), null);
  scored.forEach((j, row) => {
    const target = targets[j]!;
    for (let p = 0; p < target.length; p++) {
      const offset = (row * out.positions + p) * out.vocab;
      logprobs[j]! += logSoftmaxAt(out.logits, offset, out.vocab, target[p]!);
      if (argmaxAt(out.logits, offset, out.vocab) !== target[p]) greedy[j] = false;
    }
  });
  return { logprobs, greedy };
}
