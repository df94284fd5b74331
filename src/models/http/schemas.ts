import { z } from 'zod';
import { ModelError } from '../../errors.js';

/** The parts of OpenAI-compatible responses we read; everything else a server adds is ignored. */

export const modelsResponse = z.object({
  data: z.array(z.looseObject({ id: z.string() })),
});

const usage = z.object({ prompt_tokens: z.number().optional() }).nullish();
const finishReason = z.string().nullish();
/** vLLM's extra: the stop string or token id that ended the answer (null = EOS). */
const stopReason = z.union([z.string(), z.number()]).nullish();

export const completionResponse = z.object({
  choices: z.array(z.object({
    index: z.number().optional(),
    text: z.string(),
    finish_reason: finishReason,
    stop_reason: stopReason,
    /** Checked by the scorer: its absence means the server cannot score, not that it sent garbage. */
    logprobs: z.unknown().optional(),
  })).min(1),
  usage,
});

export const chatResponse = z.object({
  choices: z.array(z.object({
    index: z.number().optional(),
    message: z.object({ content: z.string().nullable() }),
    finish_reason: finishReason,
    stop_reason: stopReason,
  })).min(1),
  usage,
});

/** `logprobs` of a legacy completion with `echo: true`. */
export const echoLogprobs = z.object({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
  text_offset: z.array(z.number()),
  top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullish(),
});

export type CompletionResponse = z.infer<typeof completionResponse>;
export type ChatResponse = z.infer<typeof chatResponse>;
export type EchoLogprobs = z.infer<typeof echoLogprobs>;

/** Validate a response body; a mismatch is a ModelError naming the URL and the first bad field. */
export function parseResponse<T>(schema: z.ZodType<T>, json: unknown, url: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ModelError(`${url} sent a response that is not OpenAI-compatible: ${describeIssue(parsed.error)}`, {
    hint: 'check that the source URL points at an OpenAI-compatible API (vLLM, TGI, llama.cpp server) and that it ends in /v1',
  });
}

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const where = issue.path.length ? issue.path.join('.') : 'the body';
  return `${where}: ${issue.message}`;
}
