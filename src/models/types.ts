/** What a model is asked. Models never see tasks: only requests. */
import type { FewShot } from './fewshot.js';

export type { FewShot } from './fewshot.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A prompt as the task rendered it; the model applies its own format (plain text or chat template). */
export type RequestPrompt =
  | { kind: 'text'; text: string }
  | { kind: 'chat'; messages: ChatMessage[]; templateKwargs?: Record<string, unknown> };

export interface SamplingSettings {
  /** 0 = greedy. */
  temperature: number;
  topP: number;
  /** Samples per prompt (pass@k). */
  n: number;
  seed: number;
}

/** Where a request came from. Backends that answer from a file (predictions:) need it; others ignore it. */
export interface RequestOrigin {
  task: string;
  item: string;
  template: string;
}

export interface GenerateRequest {
  /** The whole prompt (with every exemplar, when there are any). */
  prompt: RequestPrompt;
  /** The exemplars apart, so a backend can drop whole ones to fit its context. */
  fewshot?: FewShot;
  origin?: RequestOrigin;
  maxNewTokens: number;
  stop: string[];
  sampling: SamplingSettings;
  /** The reply may open with a reasoning section in these tags: stop strings count only after it. */
  thinking?: ThinkingTags;
}

export interface GenerateResult {
  /** One text per sample, cut at the first EOS or stop string (the stop string itself removed). */
  texts: string[];
  /** `missing`: a predictions file had no answer for the item (scored as wrong, counted in the result). */
  finish: ('eos' | 'stop' | 'length' | 'missing')[];
  promptTokens: number;
  /** Prompt tokens dropped from the left to fit the model's context. */
  truncatedTokens: number;
  /** Whole exemplars dropped to fit the model's context. */
  droppedShots?: number;
}

/** Score each continuation after one shared context (a choice item is one request). */
export interface LoglikelihoodRequest {
  context: RequestPrompt;
  fewshot?: FewShot;
  origin?: RequestOrigin;
  continuations: string[];
}

export interface LoglikelihoodResult {
  /** Summed log-probability of each continuation given the context. */
  logprobs: number[];
  /** Tokens in each continuation. */
  tokens: number[];
  /** Whether greedy decoding from the context would produce each continuation. */
  greedy: boolean[];
  truncatedTokens: number;
  droppedShots?: number;
}

export interface ModelInfo {
  /** Backend id: `onnx`, `http`, `predictions`. */
  backend: string;
  source: string;
  /** Hash of weights and config (or of the server's model id + URL). */
  fingerprint: string;
  architecture?: string;
  maxContext?: number;
  hasChatTemplate: boolean;
  canScore: boolean;
  dtype?: string;
  /** The model card's `trained_families`, when it has one. */
  trainedFamilies?: string[];
  /** Thinking tags the chat template declares (reasoning models), e.g. `<think>` … `</think>`. */
  thinking?: ThinkingTags;
}

export interface ThinkingTags {
  open: string;
  close: string;
}

/** The seam between the runner and every backend. */
export interface Model {
  readonly name: string;
  readonly info: ModelInfo;
  generate(requests: GenerateRequest[]): Promise<GenerateResult[]>;
  loglikelihood(requests: LoglikelihoodRequest[]): Promise<LoglikelihoodResult[]>;
  /** Render a prompt as the exact text the model sees (for sample logs). */
  renderPrompt(prompt: RequestPrompt): string;
  dispose(): Promise<void>;
}
