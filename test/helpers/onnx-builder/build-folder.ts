/**
 * Write a tiny random-weight decoder-only model folder, in any layout users bring:
 * transformers.js's `onnx/model.onnx`, Optimum's root `model.onnx` or `decoder_model_merged.onnx`
 * (with `use_cache_branch`), dtype-suffixed variants, and external data in one or more files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decoderGraph, type DecoderDims } from './decoder-graph.js';
import { toFloat16Graph } from './float16.js';
import { toQ4Graph } from './q4.js';
import { encodeModel, tensorBytes, type ExternalPlace, type GraphSpec } from './onnx-proto.js';
import { loadTokenizerFiles, tokenText, type TokenizerName } from './tokenizers.js';

export interface TinyDecoderOptions {
  dir: string;
  seed?: number;
  tokenizer?: TokenizerName;
  /** Model vocabulary (default: the tokenizer's size; real models often pad it larger). */
  vocab?: number;
  hidden?: number;
  heads?: number;
  layers?: number;
  maxPositions?: number;
  /** `onnx` (transformers.js, default) or `root` (Optimum). */
  layout?: 'onnx' | 'root';
  /** File stem: `model` (default), `decoder_model_merged`, `decoder_model`. */
  stem?: string;
  /** dtype suffixes to write, e.g. ['', '_q4', '_fp16'] (default ['']): the same weights under each name. */
  suffixes?: string[];
  numLogitsToKeep?: boolean;
  /** Default: true for `decoder_model_merged`. */
  useCacheBranch?: boolean;
  /** Weights in `<file>_data` (chunks = 1) or `<file>_data`, `<file>_data_1`, … */
  externalData?: { chunks: number; declare?: boolean };
  /**
   * A scripted reply instead of random logits: after the prompt's last token the model says these
   * tokens in order, then its EOS (the prompt must end with `after`, e.g. the template's last token).
   */
  script?: { after: number; reply: number[] };
  /** Replace the tokenizer's chat template (null removes it). */
  chatTemplate?: string | null;
  /** Learned position table read this many rows on (see decoderWeights): fed p, answers as the unshifted model fed p + shift. */
  positionShift?: number;
  /** No position_ids input: the graph numbers positions from its cache length. */
  derivePositions?: boolean;
  /** float16 key/value cache and/or logits around a float32 body (Casts at the edges). */
  float16?: { cache: boolean; logits: boolean };
  /** An fp16 export: weights, inputs, outputs and arithmetic all in float16 (see toFloat16Graph). */
  halfPrecision?: boolean;
  /** Weight matrices as 4-bit MatMulNBits (see toQ4Graph): a q4 export, q4f16 with halfPrecision. */
  quantize4?: boolean;
  config?: Record<string, unknown>;
  generationConfig?: Record<string, unknown> | null;
  card?: Record<string, unknown>;
}

export interface TinyDecoder {
  dir: string;
  /** ONNX files written, relative to dir (external data files included). */
  files: string[];
  dims: DecoderDims;
  eosId: number;
}

export function buildTinyDecoder(opts: TinyDecoderOptions): TinyDecoder {
  const tok = loadTokenizerFiles(opts.tokenizer ?? 'tiny');
  const dims: DecoderDims = {
    vocab: opts.vocab ?? tok.size, hidden: opts.hidden ?? 32, heads: opts.heads ?? 2,
    layers: opts.layers ?? 2, maxPositions: opts.maxPositions ?? 512,
  };
  const stem = opts.stem ?? 'model';
  const eosText = tokenText(tok.config, 'eos_token');
  const bosText = tokenText(tok.config, 'bos_token');
  const eosId = (eosText ? tok.idOf(eosText) : undefined) ?? 0;
  const bosId = bosText ? tok.idOf(bosText) : undefined;
  const body = decoderGraph(dims, {
    numLogitsToKeep: opts.numLogitsToKeep ?? true,
    useCacheBranch: opts.useCacheBranch ?? stem === 'decoder_model_merged',
    script: opts.script && scriptTable(opts.script, eosId),
    derivePositions: opts.derivePositions, float16: opts.float16,
  }, opts.seed ?? 1, opts.positionShift ?? 0);
  const quantized = opts.quantize4 ? toQ4Graph(body) : body;
  const graph = opts.halfPrecision ? toFloat16Graph(quantized) : quantized;
  const sub = (opts.layout ?? 'onnx') === 'onnx' ? 'onnx' : '';
  mkdirSync(path.join(opts.dir, sub), { recursive: true });
  const files: string[] = [];
  for (const suffix of opts.suffixes ?? ['']) {
    const rel = path.posix.join(sub, `${stem}${suffix}.onnx`);
    files.push(...writeOnnx(path.join(opts.dir, rel), graph, opts.externalData?.chunks ?? 0).map((f) => path.posix.join(sub, f)));
  }
  const external = opts.externalData && opts.externalData.declare !== false ? { 'transformers.js_config': { use_external_data_format: opts.externalData.chunks } } : {};
  writeJson(opts.dir, 'config.json', {
    architectures: ['LlamaForCausalLM'], model_type: 'llama', vocab_size: dims.vocab, hidden_size: dims.hidden,
    num_attention_heads: dims.heads, num_key_value_heads: dims.heads, head_dim: dims.hidden / dims.heads,
    num_hidden_layers: dims.layers, max_position_embeddings: dims.maxPositions,
    bos_token_id: bosId ?? null, eos_token_id: eosId, tie_word_embeddings: false, use_cache: true, ...external, ...opts.config,
  });
  if (opts.generationConfig !== null) writeJson(opts.dir, 'generation_config.json', { bos_token_id: bosId, eos_token_id: eosId, ...opts.generationConfig });
  writeFileSync(path.join(opts.dir, 'tokenizer.json'), tok.json);
  const tokConfig = { ...tok.config };
  if (opts.chatTemplate === null) delete tokConfig['chat_template'];
  else if (opts.chatTemplate !== undefined) tokConfig['chat_template'] = opts.chatTemplate;
  writeJson(opts.dir, 'tokenizer_config.json', tokConfig);
  if (opts.card) writeJson(opts.dir, 'heldout.json', opts.card);
  return { dir: opts.dir, files, dims, eosId };
}

function scriptTable(script: { after: number; reply: number[] }, eos: number): { next: Map<number, number>; fallback: number } {
  const chain = [script.after, ...script.reply, eos];
  const next = new Map<number, number>();
  for (let i = 0; i + 1 < chain.length; i++) {
    if (next.has(chain[i]!)) throw new Error(`script: token ${chain[i]} appears twice; a scripted reply cannot revisit a token`);
    next.set(chain[i]!, chain[i + 1]!);
  }
  return { next, fallback: eos };
}

/** The graph file, and its weights in `chunks` external files when asked (tensors of 1 KiB or more). */
function writeOnnx(file: string, graph: GraphSpec, chunks: number): string[] {
  const base = path.basename(file);
  if (chunks === 0) {
    writeFileSync(file, encodeModel(graph));
    return [base];
  }
  const big = graph.initializers.filter((t) => t.data.byteLength >= 1024);
  const names = Array.from({ length: chunks }, (_, i) => `${base}_data${i === 0 ? '' : `_${i}`}`);
  const parts: Uint8Array[][] = names.map(() => []);
  const sizes = names.map(() => 0);
  const external = new Map<string, ExternalPlace>();
  big.forEach((t, i) => {
    const c = i % chunks;
    const bytes = tensorBytes(t);
    external.set(t.name, { location: names[c]!, offset: sizes[c]!, length: bytes.length });
    parts[c]!.push(bytes);
    sizes[c]! += bytes.length;
  });
  writeFileSync(file, encodeModel(graph, { external }));
  names.forEach((n, c) => writeFileSync(path.join(path.dirname(file), n), Buffer.concat(parts[c]!)));
  return [base, ...names];
}

function writeJson(dir: string, name: string, value: unknown): void {
  writeFileSync(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
}
