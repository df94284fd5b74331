import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const JSON_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'heldout.json'];

/**
 * A view of a model folder (same weights: its onnx/ is symlinked) whose EOS is an id the model
 * can never produce, so every row generates exactly max_new_tokens. Throughput at a fixed length
 * is what (a) and (b) compare; the shipped tiny model otherwise ends most answers after 1–2 tokens.
 */
export async function fixedLengthView(modelDir: string): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'heldout-speed-model-')), path.basename(modelDir));
  await mkdir(dir);
  await symlink(path.join(path.resolve(modelDir), 'onnx'), path.join(dir, 'onnx'));
  const config = JSON.parse(await readFile(path.join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const never = Number(config['vocab_size']);
  for (const name of JSON_FILES) {
    const src = path.join(modelDir, name);
    if (name === 'config.json' || name === 'generation_config.json') {
      const json = JSON.parse(await readFile(src, 'utf8')) as Record<string, unknown>;
      json['eos_token_id'] = never;
      await writeFile(path.join(dir, name), JSON.stringify(json, null, 2));
    } else if (name === 'tokenizer_config.json') {
      const json = JSON.parse(await readFile(src, 'utf8')) as Record<string, unknown>;
      delete json['eos_token'];
      await writeFile(path.join(dir, name), JSON.stringify(json, null, 2));
    } else {
      await copyFile(src, path.join(dir, name)).catch(() => undefined);
    }
  }
  return dir;
}
