import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../../errors.js';
import { readOnnxSummary, type OnnxSummary } from './onnx-graph.js';

/** dtype → file suffix, as transformers.js names the variants hub exports ship. */
export const DTYPE_SUFFIX: Record<string, string> = {
  fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4',
};

const STEMS = ['encoder_model', 'decoder_model_merged', 'decoder_with_past_model', 'decoder_model', 'model'];

/** One .onnx file found in a model folder. */
export interface FoundFile {
  /** Relative to the model folder, `/`-separated. */
  rel: string;
  stem: string;
  dtype: string;
}

/** A session transformers.js will open, with the files it reads. */
export interface SessionFile {
  session: 'model' | 'decoder_model_merged';
  rel: string;
  /** External data files, relative to the model folder. */
  externalData: string[];
  summary: OnnxSummary;
}

export interface ModelFiles {
  /** `onnx` (transformers.js) or `root` (Optimum's export folder). */
  layout: 'onnx' | 'root';
  dtype: string;
  sessions: SessionFile[];
  /** Every .onnx file in the folder, for messages and `heldout models inspect`. */
  found: FoundFile[];
  /** from_pretrained options that load exactly these files. */
  loadOptions: { subfolder: string; model_file_name?: string; use_external_data_format: false };
}

/**
 * Which ONNX files of a local folder heldout loads for a dtype: transformers.js's `onnx/` first,
 * then Optimum's root layout; `model` before `decoder_model_merged` for decoder-only models,
 * `encoder_model` + `decoder_model_merged` for encoder-decoders.
 */
export async function resolveModelFiles(dir: string, dtype: string, encoderDecoder: boolean): Promise<ModelFiles> {
  const found = await findOnnxFiles(dir);
  const suffix = DTYPE_SUFFIX[dtype];
  if (suffix === undefined) throw new ModelError(`unknown dtype "${dtype}"`, { hint: `use one of ${Object.keys(DTYPE_SUFFIX).join(', ')}` });
  const choices = encoderDecoder ? [['encoder_model', 'decoder_model_merged']] : [['model'], ['decoder_model_merged']];
  for (const sub of ['onnx', '']) {
    for (const stems of choices) {
      const rels = stems.map((s) => path.posix.join(sub, `${s}${suffix}.onnx`));
      if (!rels.every((r) => found.some((f) => f.rel === r))) continue;
      const sessions: SessionFile[] = [];
      for (const [i, rel] of rels.entries()) {
        const session = encoderDecoder && i === 1 ? 'decoder_model_merged' : 'model';
        sessions.push(await describeSession(dir, rel, session, encoderDecoder));
      }
      const decoderStem = encoderDecoder ? undefined : stems[0];
      return {
        layout: sub ? 'onnx' : 'root', dtype, sessions, found,
        loadOptions: { subfolder: sub, ...(decoderStem && decoderStem !== 'model' ? { model_file_name: decoderStem } : {}), use_external_data_format: false },
      };
    }
  }
  throw noFitError(dir, dtype, encoderDecoder, found);
}

export async function findOnnxFiles(dir: string): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  for (const sub of ['onnx', '']) {
    const folder = path.join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of (await readdir(folder)).sort()) {
      if (!name.endsWith('.onnx')) continue;
      const base = name.slice(0, -'.onnx'.length);
      const stem = STEMS.find((s) => base === s || base.startsWith(`${s}_`)) ?? base;
      const rest = base.slice(stem.length);
      const dtype = Object.entries(DTYPE_SUFFIX).find(([, s]) => s === rest)?.[0] ?? (rest ? rest.slice(1) : 'fp32');
      out.push({ rel: path.posix.join(sub, name), stem, dtype });
    }
  }
  return out;
}

async function describeSession(dir: string, rel: string, session: SessionFile['session'], encoderDecoder: boolean): Promise<SessionFile> {
  const file = path.join(dir, rel);
  let summary: OnnxSummary;
  try {
    summary = await readOnnxSummary(file);
  } catch (cause) {
    throw new ModelError(`${file} is not a readable ONNX file (${(cause as Error).message})`, {
      file, hint: 'copy or export the file again: it looks truncated or is not an ONNX model', cause,
    });
  }
  const externalData = summary.externalData.map((loc) => path.posix.join(path.posix.dirname(rel), loc));
  for (const ext of externalData) {
    if (!existsSync(path.join(dir, ext))) {
      throw new ModelError(`${file} keeps its weights in ${ext}, which is missing`, {
        file: path.join(dir, ext), hint: `copy ${path.basename(ext)} next to ${path.basename(rel)} (external data files belong with the graph file)`,
      });
    }
  }
  const decoder = !encoderDecoder || session === 'decoder_model_merged';
  if (decoder && !summary.inputs.some((i) => i.name.startsWith('past_key_values.'))) {
    throw new ModelError(`${file} declares no past_key_values inputs: heldout decodes with a key/value cache`, {
      file, hint: 'export the model with its cache (optimum-cli export onnx --task text-generation-with-past, or text2text-generation-with-past)',
    });
  }
  return { session, rel, externalData, summary };
}

function noFitError(dir: string, dtype: string, encoderDecoder: boolean, found: FoundFile[]): ModelError {
  const list = found.map((f) => `${f.rel} (${f.dtype})`).join(', ');
  const wanted = encoderDecoder
    ? 'encoder_model + decoder_model_merged'
    : 'model or decoder_model_merged';
  const suffix = DTYPE_SUFFIX[dtype]!;
  const where = `${wanted} with suffix "${suffix}" (dtype ${dtype}) in onnx/ or the folder itself`;
  if (found.length === 0) {
    return new ModelError(`${dir} holds no .onnx file (looked in ${dir} and ${path.join(dir, 'onnx')})`, {
      file: dir, hint: 'export the model to ONNX (optimum-cli export onnx, or a transformers.js conversion) into this folder',
    });
  }
  const fitting = new Set(found.filter((f) => (encoderDecoder ? ['encoder_model', 'decoder_model_merged'] : ['model', 'decoder_model_merged']).includes(f.stem)).map((f) => f.dtype));
  if (fitting.size > 0) {
    return new ModelError(`${dir}: no ONNX file for dtype ${dtype}; found ${list}`, {
      file: dir, hint: `set the model's dtype (models.<name>.dtype in the benchmark; --dtype for heldout models inspect) to ${[...fitting].join(' or ')}, or export a ${dtype} variant`,
    });
  }
  const split = found.some((f) => f.stem === 'decoder_with_past_model' || f.stem === 'decoder_model');
  return new ModelError(`${dir}: none of its ONNX files fits (needs ${where}); found ${list}`, {
    file: dir,
    hint: split
      ? "Optimum's separate decoder_model.onnx / decoder_with_past_model.onnx are not loadable: export again with a current optimum-cli (one model.onnx with past inputs, or decoder_model_merged.onnx)"
      : encoderDecoder
        ? 'config.json says is_encoder_decoder: export encoder_model.onnx and decoder_model_merged.onnx'
        : 'a decoder-only model needs model.onnx (or decoder_model_merged.onnx); check config.json\'s is_encoder_decoder',
  });
}
