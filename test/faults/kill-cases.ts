/** kill -9 at points of a run (model phase, between tasks, report writing, any time) and of a merge; SIGINT once and twice. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { caseCache, cli, interrupt, measure, recordKeys, tmp, totalLines, type CaseResult, type FaultConfig, type KillPoint, type Reference } from './lib.js';

export interface Ctx { cfg: FaultConfig; ref: Reference; rng: () => number }
export interface FaultCase { name: string; run(ctx: Ctx): Promise<CaseResult> }

/** Per reference log (model/task.jsonl), its number of records. */
function referenceLogs(ref: Reference): [string, number][] {
  const counts = new Map<string, number>();
  const samples = path.join(ref.dir, 'samples');
  for (const model of ['base', 'tuned']) {
    const m = JSON.parse(readFileSync(path.join(ref.dir, 'run.json'), 'utf8')).plan?.[model] as Record<string, string[]> | undefined;
    for (const [task, keys] of Object.entries(m ?? {})) if (existsSync(path.join(samples, model, `${task}.jsonl`))) counts.set(`${model}/${task}.jsonl`, keys.length);
  }
  return [...counts];
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length : 0);

/** A point picked with the suite's seeded random numbers. */
export function killPoint(kind: 'model' | 'between' | 'report' | 'time', ctx: Ctx): KillPoint {
  const { ref, rng } = ctx;
  const total = totalLines(ref.dir);
  if (kind === 'model') {
    const n = 1 + Math.floor(rng() * (total - 1));
    return { label: `model phase, after ${n} of ${total} records`, when: (d) => totalLines(d) >= n };
  }
  if (kind === 'between') {
    const logs = referenceLogs(ref);
    const [log, count] = logs[Math.floor(rng() * logs.length)]!;
    return { label: `between tasks, after ${log} is complete`, when: (d) => lines(path.join(d, 'samples', log)) >= count };
  }
  if (kind === 'report') {
    const files = ['results/base.json', 'results/tuned.json', 'comparison.json', 'report.md', 'results.csv'];
    const file = files[Math.floor(rng() * files.length)]!;
    const delayMs = Math.floor(rng() * 25);
    return { label: `report writing, ${delayMs} ms after ${file} appeared`, when: (d) => existsSync(path.join(d, file)), delayMs };
  }
  // inside the run: up to 80% of how long a case's run takes (process start included)
  const ms = 300 + Math.floor(rng() * Math.max(100, ref.wallMs * 0.8 - 300));
  let t0: number | undefined;
  return { label: `at a random time, ${ms} ms after the start`, when: () => Date.now() - (t0 ??= Date.now()) > ms };
}

/** kill -9 at a point, then the same command again. */
export function killCase(kind: Parameters<typeof killPoint>[0], i: number): FaultCase {
  return {
    name: `kill -9 #${i} (${kind})`,
    async run(ctx) {
      const point = killPoint(kind, ctx);
      const dir = tmp('kill');
      const cache = caseCache(ctx.ref);
      const hit = await interrupt(ctx.cfg, dir, cache, point);
      const before = recordKeys(dir);
      const again = cli([...ctx.cfg.run, '--out', dir], cache);
      const m = measure(ctx.ref, dir, before);
      if (again.code !== 0) m.differ += 1;
      const where = hit.code === null ? `killed ${point.label} (${[...before.values()].length} records kept)` : `ended (exit ${hit.code}) before: ${point.label}`;
      return { name: this.name, ...m, note: `${where}; rerun exit ${again.code}` };
    },
  };
}

/** SIGINT once (stop after the batch in flight) or twice (quit now): exit 130, then the rerun completes. */
export function sigintCase(twice: boolean): FaultCase {
  return {
    name: twice ? 'SIGINT twice' : 'SIGINT once',
    async run(ctx) {
      const total = totalLines(ctx.ref.dir);
      const n = 1 + Math.floor(ctx.rng() * (total / 2));
      const dir = tmp('sigint');
      const cache = caseCache(ctx.ref);
      const hit = await interrupt(ctx.cfg, dir, cache, { label: `after ${n} records`, when: (d) => totalLines(d) >= n }, 'SIGINT', twice);
      const before = recordKeys(dir);
      const again = cli([...ctx.cfg.run, '--out', dir], cache);
      const m = measure(ctx.ref, dir, before);
      if (again.code !== 0) m.differ += 1;
      // the second Ctrl-C can land after the run has stopped and said so, while Node itself tears
      // down (its signal handlers already gone): the process then dies of SIGINT, which a shell
      // reports as 130, as heldout's own exit code (seen here 1 in 18 times at 4 records, before
      // and after #13's model changes). Everything before that point was written and closed.
      const torndown = twice && hit.code === null && /interrupted: stopped/.test(hit.stderr);
      if (hit.code !== 130 && hit.code !== 0 && !torndown) m.differ += 1;
      return { name: this.name, ...m, note: `exit ${torndown ? 'by SIGINT in teardown, after "interrupted: stopped"' : hit.code} after ${n}+ records (${before.size} kept); rerun exit ${again.code}` };
    },
  };
}

/** Shards of the run, then a merge killed while it writes; merging again gives the unsharded results. */
export function mergeKillCase(i: number): FaultCase {
  return {
    name: `kill -9 during merge #${i}`,
    async run(ctx) {
      const cache = caseCache(ctx.ref);
      const shards = [1, 2].map((s) => {
        const d = tmp(`shard${s}`);
        const r = cli([...ctx.cfg.run, '--shard', `${s}/2`, '--out', d], cache);
        if (r.code !== 0) throw new Error(`shard ${s} failed: ${r.stderr}`);
        return d;
      });
      const out = path.join(tmp('merge'), 'run');
      const files = ['run.json', 'samples/tuned', 'results/base.json', 'comparison.json', 'report.md'];
      const file = files[Math.floor(ctx.rng() * files.length)]!;
      const mergeCfg = { ...ctx.cfg, run: ['merge', ...shards] };
      const hit = await interrupt(mergeCfg, out, cache, { label: `when ${file} appeared`, when: (d) => existsSync(path.join(d, file)) });
      const before = recordKeys(out);
      const again = cli(['merge', ...shards, '--out', out], cache);
      const m = measure(ctx.ref, out, before);
      if (again.code !== 0) m.differ += 1;
      return { name: this.name, ...m, note: `merge ${hit.code === null ? 'killed' : `ended (exit ${hit.code})`} when ${file} appeared; merge again exit ${again.code}` };
    },
  };
}
