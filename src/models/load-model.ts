import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModelSpec } from '../config/benchmark-schema.js';
import { ModelError } from '../errors.js';
import { HttpModel } from './http/http-model.js';
import { PredictionsModel } from './predictions.js';
import { OnnxModel } from './onnx/onnx-model.js';
import { isEncoderDecoderFolder, Seq2SeqModel } from './onnx/seq2seq-model.js';
import type { Model } from './types.js';

export interface LoadModelOptions {
  /** Folder that relative sources are resolved from (the benchmark file's folder, or the cwd for --model). */
  baseDir: string;
  threads?: number;
  batchSize?: number;
  /** Token budget of one forward (local ONNX models; see src/models/onnx/token-budget.ts). */
  maxBatchTokens?: number;
  /** Requests in flight at once for HTTP models (default 4). */
  concurrency?: number;
}

export type SourceKind = 'folder' | 'http' | 'predictions' | 'hub';

export function sourceKind(source: string, baseDir: string): SourceKind {
  if (/^https?:\/\//.test(source)) return 'http';
  if (source.startsWith('predictions:')) return 'predictions';
  if (existsSync(path.resolve(baseDir, source))) return 'folder';
  return /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(source) ? 'hub' : 'folder';
}

/** Open the backend a model source names. */
export async function loadModel(name: string, spec: ModelSpec, opts: LoadModelOptions): Promise<Model> {
  const kind = sourceKind(spec.source, opts.baseDir);
  if (kind === 'folder') {
    const dir = path.resolve(opts.baseDir, spec.source);
    const backend = isEncoderDecoderFolder(dir) ? Seq2SeqModel : OnnxModel;
    return backend.load(name, dir, { dtype: spec.dtype, threads: opts.threads, batchSize: opts.batchSize, maxBatchTokens: opts.maxBatchTokens });
  }
  if (kind === 'http') return HttpModel.create(name, spec, { concurrency: opts.concurrency });
  if (kind === 'hub') return OnnxModel.loadHub(name, spec.source, { dtype: spec.dtype, threads: opts.threads, batchSize: opts.batchSize, maxBatchTokens: opts.maxBatchTokens });
  if (kind === 'predictions') return PredictionsModel.load(name, path.resolve(opts.baseDir, spec.source.slice('predictions:'.length)));
  throw new ModelError(`model "${name}": sources of kind "${kind}" (${spec.source}) are not supported yet`, {
    hint: 'export the model to a local ONNX folder and pass its path',
  });
}
