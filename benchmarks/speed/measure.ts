/** Timing helpers: the machine is shared, so every comparison is interleaved and the best of N kept. */

export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Run each contender once per round, in turn, for `rounds` rounds; the best (lowest) time of each. */
export async function bestOfInterleaved<K extends string>(contenders: Record<K, () => Promise<unknown>>, rounds: number): Promise<Record<K, number>> {
  const best = {} as Record<K, number>;
  const names = Object.keys(contenders) as K[];
  for (let r = 0; r < rounds; r++) {
    // alternate the order so neither side always runs on a warmer (or busier) machine
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const ms = await timeMs(contenders[name]);
      best[name] = Math.min(best[name] ?? Infinity, ms);
    }
  }
  return best;
}

/**
 * Like bestOfInterleaved, but over pieces of work (e.g. batches): each piece is raced on its own,
 * contenders alternating piece by piece, and the best times of the pieces are summed. Short
 * pieces catch the quiet moments of a busy machine for both sides alike.
 */
export async function bestOfPieces<K extends string>(pieces: number, contenders: Record<K, (piece: number) => Promise<unknown>>, rounds: number): Promise<Record<K, number>> {
  const names = Object.keys(contenders) as K[];
  const total = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  for (let p = 0; p < pieces; p++) {
    const fns = Object.fromEntries(names.map((n) => [n, () => contenders[n](p)])) as Record<K, () => Promise<unknown>>;
    const best = await bestOfInterleaved(fns, rounds);
    for (const n of names) total[n] += best[n];
  }
  return total;
}

export interface RatioLine {
  label: string;
  ratio: number;
  goal: { op: '>=' | '<='; value: number };
  detail: string;
  /** Printed after the number instead of ×, when the line is an absolute figure. */
  unit?: string;
}

export function meetsGoal(line: RatioLine): boolean {
  return line.goal.op === '>=' ? line.ratio >= line.goal.value : line.ratio <= line.goal.value;
}

export function formatLine(line: RatioLine): string {
  const verdict = meetsGoal(line) ? 'ok' : 'MISSED';
  const ratio = line.ratio >= 100 ? line.ratio.toFixed(0) : line.ratio.toFixed(2);
  const unit = line.unit ?? '×';
  return `${ratio}${unit}  ${line.label}  (goal ${line.goal.op === '>=' ? '≥' : '≤'} ${line.goal.value}${unit}: ${verdict})  [${line.detail}]`;
}

interface RunnableSession { run: (...args: never[]) => Promise<unknown> }

/**
 * Wall time spent outside `session.run` by each contender, best per piece, summed: the JavaScript
 * a driver adds around onnxruntime. Less noisy than totals on a busy machine, since the native
 * run (same model, same inputs, same threads on both sides) is where contention shows most.
 */
export class OutsideRunClock {
  private inRun = 0;
  private readonly best = new Map<string, number[]>();

  track(session: RunnableSession): void {
    const run = session.run.bind(session);
    session.run = (async (...args: never[]) => {
      const start = process.hrtime.bigint();
      try {
        return await run(...args);
      } finally {
        this.inRun += Number(process.hrtime.bigint() - start) / 1e6;
      }
    }) as RunnableSession['run'];
  }

  wrap<A extends unknown[]>(name: string, piece: (...a: A) => number, fn: (...a: A) => Promise<unknown>): (...a: A) => Promise<void> {
    return async (...args: A) => {
      const before = this.inRun;
      const ms = await timeMs(() => fn(...args));
      const outside = ms - (this.inRun - before);
      const list = this.best.get(name) ?? [];
      const p = piece(...args);
      list[p] = Math.min(list[p] ?? Infinity, outside);
      this.best.set(name, list);
    };
  }

  total(name: string): number {
    return (this.best.get(name) ?? []).reduce((a, b) => a + b, 0);
  }
}
