/** Where tests find the repository and the shared reference data (CI clones the repo with shared/ beside it). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATASETS_DIR = path.resolve(ROOT, '../shared/datasets');
