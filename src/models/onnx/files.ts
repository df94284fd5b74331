import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { heldoutCacheDir } from '../../runner/cache-dir.js';
import path from 'node:path';
import { ModelError } from '../../errors.js';

export const DTYPE_SUFFIX: Record<string, string> = {
  fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4',
};

export interface ModelFolder {
  dir: string;
  config: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  /** ONNX files this model loads, relative to `dir`. */
  onnxFiles: string[];
  encoderDecoder: boolean;
  card?: { trained_families?: string[] } & Record<string, unknown>;
}

/** Check a local model folder before transformers.js sees it: its failures are cryptic or fatal. */
export async function inspectModelFolder(dir: string, dtype: string): Promise<ModelFolder> {
  if (!existsSync(dir)) {
    throw new ModelError(`model folder ${dir} does not exist`, { file: dir, hint: 'pass a folder with config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx' });
  }
  const config = await readJson(dir, 'config.json', 'export the model with its config.json');
  await readJson(dir, 'tokenizer.json', 'save the tokenizer (tokenizer.json) next to the model');
  const tokenizerConfig = await readJson(dir, 'tokenizer_config.json',
    'save tokenizer_config.json next to the model (transformers.js needs it to pick the tokenizer class)');
  const encoderDecoder = config['is_encoder_decoder'] === true;
  const suffix = DTYPE_SUFFIX[dtype] ?? '';
  const stems = encoderDecoder ? ['encoder_model', 'decoder_model_merged'] : ['model'];
  const onnxFiles = stems.map((stem) => `onnx/${stem}${suffix}.onnx`);
  for (const rel of onnxFiles) await checkOnnxFile(dir, rel, config, dtype);
  const cardPath = path.join(dir, 'heldout.json');
  const card = existsSync(cardPath) ? JSON.parse(await readFile(cardPath, 'utf8')) : undefined;
  return { dir, config, tokenizerConfig, onnxFiles, encoderDecoder, card };
}

async function checkOnnxFile(dir: string, rel: string, config: Record<string, unknown>, dtype: string): Promise<void> {
  const file = path.join(dir, rel);
  if (!existsSync(file)) {
    throw new ModelError(`${file} not found (dtype ${dtype})`, {
      file,
      hint: dtype === 'fp32' ? 'export the model to ONNX into onnx/ inside the model folder' : `export a ${dtype} variant, or set the model's dtype to one whose file exists`,
    });
  }
  // A missing external-data file kills the process with an uncatchable rejection inside onnxruntime.
  const external = `${file}_data`;
  const declared = config['use_external_data_format'] === true || (config['transformers.js_config'] as { use_external_data_format?: unknown } | undefined)?.use_external_data_format;
  if (declared && !existsSync(external)) {
    throw new ModelError(`${external} is missing but config.json declares external data`, { file: external, hint: 'copy the .onnx_data file next to the .onnx file' });
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

/**
 * sha256 over the config, tokenizer and weight files: the model's identity in caches and results.
 * Remembered by (path, size, mtime) in the heldout cache, so a 500 MB model is hashed once.
 */
export async function fingerprintFolder(folder: ModelFolder): Promise<string> {
  const files = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', ...folder.onnxFiles]
    .flatMap((rel) => [rel, `${rel}_data`]).filter((rel) => existsSync(path.join(folder.dir, rel)));
  const stamp = JSON.stringify(await Promise.all(files.map(async (rel) => {
    const s = await stat(path.join(folder.dir, rel));
    return [rel, s.size, s.mtimeMs];
  })));
  const memo = await readMemo();
  const key = folder.dir;
  if (memo[key]?.stamp === stamp) return memo[key].fingerprint;
  const fingerprint = await hashFiles(folder.dir, files);
  memo[key] = { stamp, fingerprint };
  await writeMemo(memo);
  return fingerprint;
}

type Memo = Record<string, { stamp: string; fingerprint: string }>;

function memoFile(): string {
  return path.join(heldoutCacheDir(), 'fingerprints.json');
}

async function readMemo(): Promise<Memo> {
  try {
    return JSON.parse(await readFile(memoFile(), 'utf8')) as Memo;
  } catch {
    return {};
  }
}

async function writeMemo(memo: Memo): Promise<void> {
  try {
    await writeFileAtomic(memoFile(), JSON.stringify(memo));
  } catch {
    // an unwritable cache only costs a re-hash next time
  }
}

async function hashFiles(dir: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of files.filter((f) => !f.endsWith('_data'))) {
    const file = path.join(dir, rel);
    hash.update(`${rel}\0${(await stat(file)).size}\0`);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    if (existsSync(`${file}_data`)) for await (const chunk of createReadStream(`${file}_data`)) hash.update(chunk as Buffer);
  }
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}
