import { ModelError } from '../../errors.js';
import { describeIssue, echoLogprobs } from './schemas.js';

export interface EchoScore {
  logprob: number;
  tokens: number;
  greedy: boolean;
}

/** Log-probabilities of one token and of the argmax agree within this when the token is the argmax. */
const ARGMAX_TOLERANCE = 1e-5;

/**
 * Score a continuation from a completion that echoed its prompt with log-probs: sum the tokens
 * that start at or after `contextLength` and before `promptLength` (offsets count code points,
 * as servers written in Python do; tokens from `promptLength` on were generated, not echoed).
 * A token is greedy when its log-prob is the best in `top_logprobs`.
 */
export function scoreEcho(raw: unknown, contextLength: number, promptLength: number, url: string): EchoScore {
  if (raw === undefined || raw === null) throw cannotScore(url, 'it returned no logprobs for the prompt');
  const parsed = echoLogprobs.safeParse(raw);
  if (!parsed.success) throw cannotScore(url, `its logprobs are not the completions shape (${describeIssue(parsed.error)})`);
  const { tokens, token_logprobs: logprobs, text_offset: offsets, top_logprobs: tops } = parsed.data;
  if (logprobs.length !== tokens.length || offsets.length !== tokens.length || (tops && tops.length !== tokens.length)) {
    throw new ModelError(`${url} sent logprobs whose tokens, token_logprobs, text_offset and top_logprobs differ in length`, {
      hint: 'the server is not OpenAI-compatible in its logprobs; use one that is (vLLM is)',
    });
  }
  if (tokens.length === 0 || offsets[0] !== 0) throw cannotScore(url, 'it did not echo the prompt tokens');
  let logprob = 0;
  let count = 0;
  let greedy = true;
  for (let i = 0; i < tokens.length; i++) {
    const offset = offsets[i]!;
    if (offset < contextLength || offset >= promptLength) continue;
    const lp = logprobs[i];
    if (lp === null || lp === undefined) throw cannotScore(url, `it returned no log-probability for prompt token ${i}`);
    logprob += lp;
    count += 1;
    const top = tops?.[i];
    const best = top ? Math.max(...Object.values(top)) : Infinity;
    if (lp < best - ARGMAX_TOLERANCE) greedy = false;
  }
  return { logprob, tokens: count, greedy };
}

/** Length in code points: what Python's `len` (and so a server's `text_offset`) counts. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function cannotScore(url: string, why: string): ModelError {
  return new ModelError(`the server at ${url} cannot score continuations: ${why}`, {
    hint: 'use a server that returns prompt log-probabilities for `echo: true` + `logprobs` on /v1/completions (vLLM does), '
      + 'or set this model\'s format to "chat", or skip the choice (rank-classification) metrics',
  });
}
