import path from 'node:path';
import type { ModelSpec } from '../config/benchmark-schema.js';
import { ModelError } from '../errors.js';
import { loadModel, sourceKind } from '../models/load-model.js';
import { mergeSystem } from '../models/chat-options.js';
import { renderTemplateSource } from '../models/onnx/chat-probe.js';
import { checkDrivable, fingerprintFolder, inspectModelFolder, type ModelFolder } from '../models/onnx/files.js';
import { templateError } from '../models/onnx/text.js';
import { thinkingTags } from '../models/thinking.js';
import type { ChatMessage, Model } from '../models/types.js';
import type { Task } from '../tasks/types.js';
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
  const warnings = optionWarnings(spec);
  if (sourceKind(spec.source, baseDir) !== 'folder') {
    const model = await load();
    checkChat(name, spec, model.info.hasChatTemplate, model.info.source, model.info.backend);
    warnings.push(...((model as { warnings?: string[] }).warnings ?? []));
    return { info: model.info, warnings, get: async () => model, dispose: () => model.dispose() };
  }
  const dir = path.resolve(baseDir, spec.source);
  const folder = await inspectModelFolder(dir, spec.dtype);
  checkDrivable(folder);
  const hasChatTemplate = Boolean(folder.chatTemplate);
  checkChat(name, spec, hasChatTemplate, dir, 'onnx');
  let model: Promise<Model> | null = null;
  return {
    warnings,
    info: {
      backend: 'onnx', source: dir, fingerprint: await fingerprintFolder(folder), hasChatTemplate, canScore: true,
      dtype: spec.dtype, architecture: String(folder.config['model_type'] ?? 'unknown'), trainedFamilies: folder.card?.trained_families,
      thinking: thinkingTags(folder.chatTemplate?.template),
    },
    get: () => (model ??= load()),
    dispose: async () => { if (model) await (await model).dispose(); },
  };
}

/**
 * What can be known about a local model before any model is asked: its files, its chat template,
 * and whether that template takes the system message the benchmark sends. A problem with the
 * second model then shows before the first one has run for an hour.
 */
export async function preflightModel(name: string, spec: ModelSpec, baseDir: string, tasks: Task[]): Promise<void> {
  if (sourceKind(spec.source, baseDir) !== 'folder') return;
  const folder = await inspectModelFolder(path.resolve(baseDir, spec.source), spec.dtype);
  checkDrivable(folder);
  checkChat(name, spec, Boolean(folder.chatTemplate), folder.dir, 'onnx');
  if (spec.format !== 'chat' || !folder.chatTemplate) return;
  const system = spec.system ?? tasks.flatMap((t) => t.templates).find((t) => t.system)?.system;
  const messages: ChatMessage[] = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: 'Hello.' }];
  const sent = spec.system_mode === 'merge' ? mergeSystem(messages) : messages;
  probeTemplate(name, spec, folder, sent);
}

function probeTemplate(name: string, spec: ModelSpec, folder: ModelFolder, messages: ChatMessage[]): void {
  const source = folder.chatTemplate!;
  const render = (m: ChatMessage[]) => renderTemplateSource(source, folder.tokenizerConfig, m, spec.chat_template_kwargs);
  try {
    render(messages);
  } catch (cause) {
    throw templateError(cause, messages, path.join(folder.dir, source.file), name, () => render(mergeSystem(messages)));
  }
}

function optionWarnings(spec: ModelSpec): string[] {
  if (spec.format === 'chat') return [];
  const unused = (['system', 'system_mode', 'chat_template_kwargs'] as const).filter((k) => spec[k] !== undefined);
  return unused.length ? [`${unused.join(', ')} apply to format "chat" only; this model is asked in format "${spec.format}"`] : [];
}

function checkChat(name: string, spec: ModelSpec, hasTemplate: boolean, source: string, backend: string): void {
  if (spec.format !== 'chat' || hasTemplate || backend !== 'onnx') return;
  throw new ModelError(`model "${name}" (${source}) has no chat template, but the benchmark asks for format "chat"`, {
    file: source,
    hint: `set models.${name}.format to "plain", or give the model a chat template (tokenizer_config.json chat_template, or chat_template.jinja)`,
  });
}
