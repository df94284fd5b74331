import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../../errors.js';
import { fingerprintFiles } from './fingerprint.js';
import { resolveModelFiles, type ModelFiles } from './layout.js';
import { readModelCard, type ModelCard } from '../model-card.js';

export { DTYPE_SUFFIX, resolveModelFiles, type ModelFiles } from './layout.js';
export { checkDrivable } from './drivable.js';

/** Where a folder's chat template came from: tokenizer_config.json, or the files newer exporters write beside it. */
export interface ChatTemplateSource {
  /** One template, or named templates (`default`, `tool_use`, …). */
  template: string | Record<string, string>;
  file: 'tokenizer_config.json' | 'chat_template.jinja' | 'chat_template.json';
}

export interface ModelFolder {
  dir: string;
  config: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  generationConfig?: Record<string, unknown>;
  files: ModelFiles;
  /** ONNX files this model loads, relative to `dir`. */
  onnxFiles: string[];
  encoderDecoder: boolean;
  chatTemplate?: ChatTemplateSource;
  card?: ModelCard;
}

/** Check a local model folder before transformers.js sees it: its failures are cryptic or fatal. */
export async function inspectModelFolder(dir: string, dtype: string): Promise<ModelFolder> {
  if (!existsSync(dir)) {
    throw new ModelError(`model folder ${dir} does not exist`, { file: dir, hint: 'pass a folder with config.json, tokenizer.json, tokenizer_config.json and the ONNX files (onnx/model.onnx or model.onnx)' });
  }
  const config = await readJson(dir, 'config.json', 'export the model with its config.json');
  await checkWholeJson(dir, 'tokenizer.json', 'save the tokenizer (tokenizer.json) next to the model');
  const tokenizerConfig = await readJson(dir, 'tokenizer_config.json',
    'save tokenizer_config.json next to the model (transformers.js needs it to pick the tokenizer class)');
  const generationConfig = existsSync(path.join(dir, 'generation_config.json'))
    ? await readJson(dir, 'generation_config.json', 're-export generation_config.json, or delete it') : undefined;
  const encoderDecoder = config['is_encoder_decoder'] === true;
  const files = await resolveModelFiles(dir, dtype, encoderDecoder);
  const card = await readModelCard(dir);
  return {
    dir, config, tokenizerConfig, generationConfig, files, onnxFiles: files.sessions.map((s) => s.rel), encoderDecoder,
    chatTemplate: await chatTemplateOf(dir, tokenizerConfig), card,
  };
}

async function chatTemplateOf(dir: string, tokenizerConfig: Record<string, unknown>): Promise<ChatTemplateSource | undefined> {
  const own = tokenizerConfig['chat_template'];
  if (typeof own === 'string' && own) return { template: own, file: 'tokenizer_config.json' };
  if (Array.isArray(own) && own.length) {
    return { template: Object.fromEntries(own.map((t: { name: string; template: string }) => [t.name, t.template])), file: 'tokenizer_config.json' };
  }
  const jinja = path.join(dir, 'chat_template.jinja');
  if (existsSync(jinja)) return { template: await readFile(jinja, 'utf8'), file: 'chat_template.jinja' };
  if (existsSync(path.join(dir, 'chat_template.json'))) {
    const t = (await readJson(dir, 'chat_template.json', 'fix chat_template.json'))['chat_template'];
    if (typeof t === 'string' && t) return { template: t, file: 'chat_template.json' };
  }
  return undefined;
}

/**
 * A JSON file too big to parse on every check (Gemma 3's tokenizer.json is 33 MB, ~0.5 s): it is
 * there and looks whole, `{` … `}`, which catches what copies and downloads break (an empty or
 * cut-off file). transformers.js parses it once when the model loads.
 */
async function checkWholeJson(dir: string, name: string, fix: string): Promise<void> {
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new ModelError(`${file} not found: a model folder needs ${name}`, { file, hint: fix });
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const edge = Math.min(size, 256);
    const head = Buffer.alloc(edge);
    const tail = Buffer.alloc(edge);
    await handle.read(head, 0, edge, 0);
    await handle.read(tail, 0, edge, size - edge);
    const first = head.toString('utf8').trimStart()[0];
    const last = tail.toString('utf8').trimEnd().at(-1);
    if (first === '{' && last === '}') return;
    throw new ModelError(`${file} is not a whole JSON object (${size === 0 ? 'the file is empty' : `it ${first === '{' ? 'does not end with }' : 'does not start with {'}`}: cut off, or not JSON)`, {
      file, hint: `copy or save ${name} again`,
    });
  } finally {
    await handle.close();
  }
}

async function readJson(dir: string, name: string, fix: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new ModelError(`${file} not found: a model folder needs ${name}`, { file, hint: fix });
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new ModelError(`${file} is not valid JSON: ${(cause as Error).message}`, { file, hint: `re-export ${name}`, cause });
  }
}

const IDENTITY = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** The model's identity: a hash of its config, tokenizer, chat template and weight files. */
export async function fingerprintFolder(folder: ModelFolder): Promise<string> {
  const base = IDENTITY.filter((rel) => existsSync(path.join(folder.dir, rel))).map((rel) => ({ rel, externalData: [] }));
  const onnx = folder.files.sessions.map((s) => ({ rel: s.rel, externalData: s.externalData }));
  const template = folder.chatTemplate && folder.chatTemplate.file !== 'tokenizer_config.json' ? [{ rel: folder.chatTemplate.file, externalData: [] }] : [];
  return fingerprintFiles(folder.dir, [...base, ...onnx, ...template]);
}
