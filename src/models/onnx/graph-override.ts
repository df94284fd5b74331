/**
 * A graph opened in place of a model file: transformers.js opens every session by path, and the
 * only way to hand it a rewritten graph (keep-logits.ts) without writing a copy of the model is to
 * catch that one path as onnxruntime is asked to open it. Everything else passes through.
 */
import path from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import type { KeptGraph } from './keep-logits.js';

type Create = (arg: unknown, ...rest: unknown[]) => Promise<InferenceSession>;
type Options = { extra?: { session?: Record<string, string> } } & Record<string, unknown>;

const replacements = new Map<string, KeptGraph>();
let installed = false;

/** `fn` with `graph` opened wherever onnxruntime is asked for `graph.file`, its external data read from that file's folder. */
export async function withGraph<T>(graph: KeptGraph, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(graph.file);
  install();
  replacements.set(key, graph);
  try {
    return await fn();
  } finally {
    replacements.delete(key);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const sessions = InferenceSession as unknown as { create: Create };
  const create = sessions.create.bind(InferenceSession) as Create;
  sessions.create = (arg: unknown, ...rest: unknown[]) => {
    const graph = typeof arg === 'string' ? replacements.get(path.resolve(arg)) : undefined;
    if (!graph) return create(arg, ...rest);
    const options = (rest[0] ?? {}) as Options;
    const session = { ...options.extra?.session, model_external_initializers_file_folder_path: path.dirname(path.resolve(graph.file)) };
    return create(graph.bytes, { ...options, extra: { ...options.extra, session } });
  };
}
