import { cacheTensor, CausalLM, selectPastRows, type Past } from './causal-lm.js';
import { decodeRows, type DecodeOptions, type DecodeRow, type LoopResult, type Stepper, type StepLogits } from './generate-loop.js';
import { prefill, type PrefillOptions } from './prefill.js';
import { forwardCost, packInOrder, type TokenBudget } from './token-budget.js';
import { joinLeftPadded } from './tensors.js';

export interface PromptRow extends DecodeRow {
  ids: number[];
}

/** Decode one group of prompts together: prompts read within the budget, then one batch of steps. */
export async function generateCausal(lm: CausalLM, rows: PromptRow[], budget: TokenBudget, padId: number, opts: DecodeOptions, read: PrefillOptions = {}): Promise<LoopResult[]> {
  return decodeRows(rows, causalStepper(lm, rows, budget, padId, read), opts);
}

function causalStepper(lm: CausalLM, rows: PromptRow[], budget: TokenBudget, padId: number, readOptions: PrefillOptions): Stepper {
  let past: Past;
  let masks: number[][];
  let positions: number[];
  return {
    async first(): Promise<StepLogits> {
      const read = await prefill(lm, rows.map((r) => r.ids), budget, padId, readOptions);
      past = read.past;
      masks = read.masks;
      positions = rows.map((r) => r.ids.length - 1);
      return { logits: read.last, vocab: read.vocab, offset: (i) => i * read.vocab };
    },
    async next(keep, tokens): Promise<StepLogits> {
      if (keep.length < masks.length) {
        past = selectPastRows(past, keep);
        masks = keep.map((i) => masks[i]!);
        positions = keep.map((i) => positions[i]!);
      }
      masks.forEach((m) => m.push(1));
      positions = positions.map((p) => p + 1);
      const step = await stepRows(lm, tokens, masks, positions, past, budget);
      past = step.past;
      return { logits: step.logits, vocab: step.vocab, offset: (i) => i * step.vocab };
    },
  };
}

/** One decode step; a batch whose logits would not fit the budget steps in row chunks. */
async function stepRows(lm: CausalLM, tokens: number[], masks: number[][], positions: number[], past: Past, budget: TokenBudget) {
  if (forwardCost(budget, tokens.length, 1, 1) <= budget.maxTokens) {
    const out = await lm.forward({ ids: tokens.map((t) => [t]), mask: masks, positions: positions.map((p) => [p]), past, keepLast: 1 });
    return { logits: out.logits, vocab: out.vocab, past: out.past };
  }
  const chunks = packInOrder(tokens.map((_, i) => i), (g) => forwardCost(budget, g.length, 1, 1), budget.maxTokens);
  const forward = (rows: number[], p: Past) => lm.forward({
    ids: rows.map((i) => [tokens[i]!]), mask: rows.map((i) => masks[i]!), positions: rows.map((i) => [positions[i]!]), past: p, keepLast: 1,
  });
  const outs = [];
  for (const rows of chunks) outs.push(await forward(rows, selectPastRows(past, rows)));
  const vocab = outs[0]!.vocab;
  const logits = new Float32Array(tokens.length * vocab);
  let at = 0;
  for (const o of outs) { logits.set(o.logits, at); at += o.logits.length; }
  const width = masks[0]!.length;
  const joined: Past = {};
  for (const name of Object.keys(outs[0]!.past)) {
    joined[name] = cacheTensor(joinLeftPadded(outs.map((o) => o.past[name]!), width));
  }
  return { logits, vocab, past: joined };
}
