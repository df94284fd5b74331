/**
 * Where a decoder's position ids start. heldout counts positions from each row's first real
 * token (left padding does not count) and adds the model's base when it feeds `position_ids`.
 *
 * The base is the one the model's own reference implementation uses:
 * - `paligemma`: 1. Hugging Face transformers' PaliGemma adds 1 to its positions, both when it
 *   makes them (`position_ids = cache_position.unsqueeze(0) + 1`) and in
 *   prepare_inputs_for_generation, to match the original implementation's input order.
 * - every other model_type: 0 (`attention_mask.cumsum(-1) - 1`, what transformers' generate feeds).
 *   That includes `gemma3_text` and `gemma3`: Google's reference and transformers'
 *   Gemma3TextModel number from 0; transformers' Gemma3ForConditionalGeneration once added 1,
 *   inherited from PaliGemma by mistake and since removed (huggingface/transformers#36856).
 *   transformers.js still feeds 1 for paligemma, gemma3_text and gemma3 (decoder_forward). Gemma 3
 *   places positions by RoPE only, which sees position differences, so that shift moves a score
 *   by float rounding only; heldout follows the reference and says so in `models inspect`.
 */

export interface PositionRule {
  base: 0 | 1;
  /** Why, in one sentence, for `heldout models inspect`. */
  why: string;
}

const ONE_BASED: Record<string, string> = {
  paligemma: 'PaliGemma numbers positions from 1 (transformers adds 1 in PaliGemmaModel and prepare_inputs_for_generation)',
};

const DISAGREE: Record<string, string> = {
  gemma3_text: 'Gemma 3 numbers positions from 0 (Google\'s reference, transformers); transformers.js feeds 1, a shift RoPE cancels up to float rounding',
  gemma3: 'Gemma 3 numbers positions from 0 (Google\'s reference, transformers since #36856); transformers.js feeds 1, a shift RoPE cancels up to float rounding',
};

export function positionRuleOf(config: Record<string, unknown>): PositionRule {
  const type = String(config['model_type'] ?? '');
  if (ONE_BASED[type]) return { base: 1, why: ONE_BASED[type]! };
  if (DISAGREE[type]) return { base: 0, why: DISAGREE[type]! };
  return { base: 0, why: 'what transformers\' generate feeds (attention_mask.cumsum - 1)' };
}
