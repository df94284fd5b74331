import path from 'node:path';
import type { ModelSpec } from '../config/benchmark-schema.js';
import { ModelError } from '../errors.js';
import { loadModel, sourceKind } from '../models/load-model.js';
import { fingerprintFolder, inspectModelFolder } from '../models/onnx/files.js';
import type { Model } from '../models/types.js';
import type { ModelHandle } from './run-model.js';

export interface OpenedHandle extends ModelHandle {
  /** Things the user should know about how this model will be asked (e.g. a server that cannot score). */
  warnings: string[];
  dispose(): Promise<void>;
}

/**
 * A local folder is identified by hashing its files; its sessions load only when a request
 * misses the cache. Other sources (servers, predictions, hub ids) are opened at once.
 */
export async function openModelHandle(name: string, spec: ModelSpec, baseDir: string, opts: { threads?: number; batchSize?: number; maxBatchTokens?: number; concurrency?: number }): Promise<OpenedHandle> {
  const load = () => loadModel(name, spec, { baseDir, ...opts });
  if (sourceKind(spec.source, baseDir) !== 'folder') {
    const model = await load();
    checkChat(name, spec, model.info.hasChatTemplate, model.info.source, model.info.backend);
    const warnings = (model as { warnings?: string[] }).warnings ?? [];
    return { info: model.info, warnings, get: async () => model, dispose: () => model.dispose() };
  }
  const dir = path.resolve(baseDir, spec.source);
  const folder = await inspectModelFolder(dir, spec.dtype);
  const hasChatTemplate = Boolean(folder.tokenizerConfig['chat_template']);
  checkChat(name, spec, hasChatTemplate, dir, 'onnx');
  let model: Promise<Model> | null = null;
  return {
    warnings: [],
    info: {
      backend: 'onnx', source: dir, fingerprint: await fingerprintFolder(folder), hasChatTemplate, canScore: true,
      dtype: spec.dtype, architecture: String(folder.config['model_type'] ?? 'unknown'), trainedFamilies: folder.card?.trained_families,
    },
    get: () => (model ??= load()),
    dispose: async () => { if (model) await (await model).dispose(); },
  };
}

function checkChat(name: string, spec: ModelSpec, hasTemplate: boolean, source: string, backend: string): void {
  if (spec.format !== 'chat' || hasTemplate || backend !== 'onnx') return;
  throw new ModelError(`model "${name}" (${source}) has no chat template, but the benchmark asks for format "chat"`, {
    file: source,
    hint: `set models.${name}.format to "plain", or give the model a tokenizer_config.json with a chat_template`,
  });
}
