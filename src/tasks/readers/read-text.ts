import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { decodeUtf8 } from '../../config/decode-text.js';
import { DataError } from '../../errors.js';

/** Read a data file as UTF-8 text (gunzipping `*.gz`, dropping a BOM); bytes that are not UTF-8 give a warning. */
export async function readDataText(file: string, onWarning?: (warning: string) => void): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw readFailure(file, err);
  }
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new DataError(`cannot decompress ${file}: it is not valid gzip`, { file, cause: err });
    }
  }
  const { text, warning } = decodeUtf8(bytes, file);
  if (warning) onWarning?.(warning);
  return text;
}

function readFailure(file: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new DataError(`data file not found: ${file}`, {
      file,
      cause: err,
      hint: 'check `data.path` in the task file (relative paths start at the task file\'s folder) '
        + 'and that HELDOUT_DATA_DIR points at the folder holding the data',
    });
  }
  if (code === 'EISDIR') {
    return new DataError(`data path is a folder, not a file: ${file}`, {
      file, cause: err, hint: 'point `data.path` at the data file inside it',
    });
  }
  return new DataError(`cannot read data file ${file}: ${(err as Error).message}`, { file, cause: err });
}
