/** Packing items (already ordered) into groups under a cost limit: forward batches, and the runner's batches. */

/**
 * Consecutive groups of `items` (already sorted) whose cost stays within `max` and that hold at
 * most `maxRows` items; an item too large alone still gets a group of its own.
 */
export function packInOrder<T>(items: T[], cost: (group: T[]) => number, max: number, maxRows = Infinity): T[][] {
  return packRuns(items.map((item) => [item]), cost, max, maxRows);
}

/**
 * Like packInOrder over the items of `runs` in order, but a run that would not fit in what is
 * left of the current group while it fits a group of its own starts a new group: a run (prompts
 * sharing a prefix) split across two groups would have its prefix read twice.
 */
export function packRuns<T>(runs: T[][], cost: (group: T[]) => number, max: number, maxRows = Infinity): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  const fits = (group: T[]) => group.length <= maxRows && cost(group) <= max;
  for (const run of runs) {
    if (run.length > 1 && current.length > 0 && !fits([...current, ...run]) && fits(run)) {
      groups.push(current);
      current = [];
    }
    for (const item of run) {
      if (current.length > 0 && !fits([...current, item])) {
        groups.push(current);
        current = [];
      }
      current.push(item);
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * `items` (already ordered) as runs of one key each, every run where its first item was: the
 * order within a run and between runs' first items is kept.
 */
export function runsOf<T>(items: T[], key: (item: T) => string): T[][] {
  const runs = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const run = runs.get(k);
    if (run) run.push(item);
    else runs.set(k, [item]);
  }
  return [...runs.values()];
}
