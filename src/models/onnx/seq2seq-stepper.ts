import type { Stepper, StepLogits } from './generate-loop.js';
import { takeEncodedRows, takePastRows, type Encoded, type Past, type Seq2SeqLM } from './seq2seq-lm.js';

/**
 * How the decode loop advances encoder-decoder rows: every row starts from the decoder start
 * token over its prompt's encoder states (`sources[i]` = row of `encoded`); finished rows leave
 * with their cache and encoder states.
 */
export function seq2seqStepper(lm: Seq2SeqLM, encoded: Encoded, sources: number[], startId: number): Stepper {
  let enc = takeEncodedRows(encoded, sources);
  let past: Past | null = null;
  let rows = sources.length;
  const logitsOf = async (tokens: number[]): Promise<StepLogits> => {
    const out = await lm.decode(tokens.map((t) => [t]), enc, past);
    past = out.past;
    return { logits: out.logits, vocab: out.vocab, offset: (i) => (i * out.positions + out.positions - 1) * out.vocab };
  };
  return {
    first: () => logitsOf(sources.map(() => startId)),
    next(keep, tokens) {
      if (keep.length < rows) {
        past = takePastRows(past!, keep);
        enc = takeEncodedRows(enc, keep);
        rows = keep.length;
      }
      return logitsOf(tokens);
    },
  };
}
