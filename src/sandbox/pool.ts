/** Map over items with at most `limit` calls in flight; results keep the input order. */
import pLimit from 'p-limit';
import { InputError } from '../errors.js';

export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new InputError(`concurrency must be a positive integer, got ${limit}`);
  const run = pLimit(limit);
  return Promise.all(items.map((item, index) => run(() => fn(item, index))));
}
