import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';

/** Point transformers.js at a model folder's parent, offline (what OnnxModel.load does too). */
export function useLocalFolder(modelDir: string): string {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(path.resolve(modelDir)) + path.sep;
  return path.basename(modelDir);
}

export async function localTokenizer(modelDir: string): Promise<PreTrainedTokenizer> {
  return AutoTokenizer.from_pretrained(useLocalFolder(modelDir), { local_files_only: true });
}
