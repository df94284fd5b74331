import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { displayPath } from '../config/load-yaml.js';
import { ModelError } from '../errors.js';

/**
 * `heldout.json` beside a model: free-form, except the keys heldout reads. `trained_families`
 * decides which tasks count as held out, so it is checked before any request is asked.
 */
const cardSchema = z.looseObject({
  trained_families: z.array(z.string().min(1)).optional(),
});

export type ModelCard = z.infer<typeof cardSchema>;

/** The model card of a folder, or undefined when it has none. */
export async function readModelCard(dir: string): Promise<ModelCard | undefined> {
  const file = path.join(dir, 'heldout.json');
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new ModelError(`${displayPath(file)} (the model card) is not valid JSON: ${(cause as Error).message}`, {
      file, cause, hint: 'fix the JSON, or remove heldout.json (the card is optional; trained_families can also go in the benchmark)',
    });
  }
  const parsed = cardSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.join('.') || '(top level)';
  throw new ModelError(`${displayPath(file)} ${key}: ${issue.message}; heldout reads "trained_families" as a list of task family names`, {
    file, hint: 'write it as "trained_families": ["family-a", "family-b"] (a list, not one string)',
  });
}
