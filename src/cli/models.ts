import path from 'node:path';
import { describeModelFolder, type ModelDescription } from '../models/onnx/describe.js';
import { EXIT } from './errors.js';

export interface ModelsArgs {
  action: 'inspect';
  dir: string;
  dtype?: string;
  json?: boolean;
}

/** `heldout models inspect DIR`: what heldout sees in a model folder, before anything is run. */
export async function modelsCommand(args: ModelsArgs): Promise<number> {
  const d = await describeModelFolder(path.resolve(args.dir), args.dtype ?? 'fp32');
  process.stdout.write(args.json ? `${JSON.stringify(d, null, 2)}\n` : describeText(d));
  return EXIT.ok;
}

export function describeText(d: ModelDescription): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
  const yes = (b: boolean, detail: string) => (b ? `yes${detail ? ` (${detail})` : ''}` : 'no');
  const rows: [string, string][] = [
    ['layout', d.layout === 'onnx' ? 'transformers.js (ONNX files under onnx/)' : "Optimum (ONNX files at the folder's root)"],
    ['kind', d.kind],
    ['loads', d.loads.map((l) => `${l.file}${l.externalData.length ? ` + ${l.externalData.join(', ')}` : ''} (${mb(l.bytes)})`).join('; ') + ` for dtype ${d.dtype}`],
    ['dtype files', Object.entries(d.dtypes).map(([t, files]) => `${t}: ${files.join(', ')}`).join('; ')],
    ['architecture', `${d.architecture.modelType}${d.architecture.architectures.length ? ` (${d.architecture.architectures.join(', ')})` : ''}`],
    ['vocabulary', `${d.vocabulary.tokenizer} tokens in the tokenizer${d.vocabulary.config ? `, vocab_size ${d.vocabulary.config}` : ''}${d.vocabulary.logits ? `, logits over ${d.vocabulary.logits}` : ''}`],
    ['context length', d.contextLength ? `${d.contextLength} tokens` : 'not stated in config.json (prompts are not truncated)'],
    ['layers, KV heads', `${d.layers} layers, ${d.kvHeads ?? '?'} KV heads${d.headDim ? ` × ${d.headDim}` : ''}${d.kvType ? `, ${d.kvType} cache` : ''}${d.logitsType ? `, ${d.logitsType} logits` : ''}`],
    ['position ids', d.kind === 'encoder-decoder' ? 'none fed (encoder-decoder)' : d.positionIds.input ? `from ${d.positionIds.base} at each prompt's first real token: ${d.positionIds.why}` : 'not an input (the graph numbers positions itself; heldout reads one prompt at a time, never left-padded)'],
    ['num_logits_to_keep', keepText(d)],
    ['use_cache_branch', yes(d.useCacheBranch, d.useCacheBranch ? 'merged decoder' : '')],
    ['chat template', d.chatTemplate ? `yes (${d.chatTemplate.file})${d.chatTemplate.thinking ? `, thinking tags ${d.chatTemplate.thinking.open}…${d.chatTemplate.thinking.close}` : ''}` : 'no (format "chat" is refused)'],
    ['BOS', d.bos ? `${d.bos.token} (${d.bos.id}), ${d.bos.addedToPlainPrompts ? 'added to plain prompts' : 'not added to plain prompts'}` : 'none'],
    ['EOS ids', d.eosIds.length ? d.eosIds.join(', ') : 'none (answers end at max_new_tokens or a stop string)'],
    ['fingerprint', d.fingerprint],
    ['model card', d.card ? `heldout.json, trained_families: ${(d.card.trainedFamilies ?? []).join(', ') || 'none'}` : 'none (every task counts as held-out unless the benchmark says trained_families)'],
  ];
  if (d.refusal) rows.push(['runs', `no: ${d.refusal.message}${d.refusal.hint ? ` (fix: ${d.refusal.hint})` : ''}`]);
  if (d.producer || d.opset) rows.push(['exported by', `${d.producer ?? 'unknown'}${d.opset ? `, opset ${d.opset}` : ''}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${d.dir}\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

function keepText(d: ModelDescription): string {
  if (d.numLogitsToKeep) return 'declared (only the scored positions return logits)';
  const added = d.keepLogitsAdded;
  if (added?.added) return 'not declared; heldout adds it as the model opens (a Slice before the output projection, checked against the full logits; HELDOUT_KEEP_LOGITS=off opens the graph as exported)';
  return `not declared (every position returns logits: slower, more memory)${added ? `; heldout cannot add it: ${added.why}` : ''}`;
}
