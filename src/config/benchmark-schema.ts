import { z } from 'zod';

/** Template variables heldout sets itself; a benchmark cannot override them. */
const RESERVED_TEMPLATE_KEYS = ['messages', 'add_generation_prompt', 'tokenize', 'chat_template'];

const modelSpec = z.strictObject({
  source: z.string().min(1).describe('model folder (relative to the benchmark file), hub id, http(s)://… server, or predictions:FILE'),
  format: z.enum(['plain', 'chat']).default('plain'),
  system: z.string().optional().describe('system message for chat format (overrides a task template\'s system:)'),
  system_mode: z.enum(['message', 'merge']).optional()
    .describe('message (default): a system turn; merge: the system text opens the first user turn, for templates that reject a system role (Gemma)'),
  chat_template_kwargs: z.record(z.string(), z.unknown()).optional()
    .refine((k) => !k || !RESERVED_TEMPLATE_KEYS.some((r) => r in k), { message: `these names are set by heldout: ${RESERVED_TEMPLATE_KEYS.join(', ')}` })
    .describe('extra variables for the chat template, e.g. {enable_thinking: false} (Qwen3)'),
  strip_thinking: z.boolean().optional()
    .describe('score the answer after a reasoning section (<think>…</think>); default: on for chat models whose template declares thinking tags'),
  trained_families: z.array(z.string()).optional()
    .describe('task families the model was trained on; default: the model card (heldout.json), else none'),
  shots: z.number().int().min(0).default(0),
  dtype: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']).default('fp32')
    .describe('which ONNX file variant to load: fp32 model.onnx, fp16 _fp16, q8 _quantized, int8 _int8, uint8 _uint8, q4 _q4, q4f16 _q4f16, bnb4 _bnb4'),
  api_model: z.string().optional().describe('model name sent to an OpenAI-compatible server'),
});

const generation = z.strictObject({
  batch_size: z.number().int().positive().default(8),
  temperature: z.number().min(0).default(0),
  top_p: z.number().gt(0).max(1).default(1),
  n: z.number().int().positive().default(1).describe('samples per prompt (pass@k needs n ≥ k)'),
  max_new_tokens: z.number().int().positive().optional().describe('overrides every task'),
  max_batch_tokens: z.number().int().positive().optional()
    .describe('token budget of one forward of a local ONNX model: rows × padded positions, a position whose logits come back counting vocab/512 more (default 4096: ≤ 8 MiB of logits per forward at any vocabulary)'),
}).prefault({});

const stability = z.strictObject({
  samples: z.number().int().min(2).max(100).default(5).describe('answers per item (K)'),
  temperature: z.number().gt(0).max(2).default(0.7).describe('sampling temperature of the K answers'),
}).describe('output stability: each generation item is answered K more times with seeded sampling (off unless given)');

export const benchmarkFileSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'benchmark names are letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  tasks: z.array(z.string().min(1)).min(1).describe('globs of task.yaml files, relative to the benchmark file'),
  models: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'model names are letters, digits, ".", "_" or "-"'), modelSpec)
    .refine((m) => Object.keys(m).length > 0, 'name at least one model'),
  compare: z.strictObject({
    baseline: z.string(),
    candidate: z.string(),
    knowledge_margin: z.number().min(0).max(1).optional()
      .describe('claims scorecard: knowledge is retained when the acc interval\'s lower bound is above −margin (default 0.01, one point)'),
  }).optional(),
  seed: z.number().int().default(1234),
  limit: z.number().int().positive().optional().describe('items per task'),
  templates: z.array(z.string()).optional().describe('template ids to run (default: all)'),
  generation,
  bootstrap_iterations: z.number().int().min(100).default(1000),
  stability: stability.optional(),
  gate: z.unknown().optional().describe('gate policy, inline (see heldout gate)'),
});

export type BenchmarkFile = z.infer<typeof benchmarkFileSchema>;
export type ModelSpec = z.infer<typeof modelSpec>;
export type GenerationSettings = z.infer<typeof generation>;
export type StabilitySettings = z.infer<typeof stability>;
