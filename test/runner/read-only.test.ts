/**
 * Code that reads a run directory never writes it (issue 15, issue 19 item 8): compare, gate and
 * merge work on a run directory made read-only with chmod -R a-w, and leave every byte of it.
 * Root ignores permission bits, so as root the commands run as an unprivileged user (setpriv).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, TSX } from '../helpers/cli.js';
import { snapshot, tmpDir } from '../helpers/run-dir.js';

const RUN = ['run', 'benchmarks/smoke.yaml', '--tasks', 'toy-sentiment', 'toy-passage-qa', '--limit', '4'];
const env = { HELDOUT_CACHE_DIR: tmpDir('cache') };
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** The CLI as an unprivileged user when we are root, so a read-only folder really is read-only. */
function cliAsUser(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const home = tmpDir('home');
  chmodSync(home, 0o777);
  const node = [process.execPath, '--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args];
  const cmd = asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node] : node;
  const r = spawnSync(cmd[0]!, cmd.slice(1), {
    cwd, encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', HOME: home, HELDOUT_CACHE_DIR: path.join(home, 'cache'), TMPDIR: home },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Whether the unprivileged user can reach the checkout and tsx's loader: a clone under a 0700
 * folder (mktemp -d) cannot be read by anyone but its owner, and then the test cannot run as such a
 * user. Null when it can; else why not.
 */
function unreachable(): string | null {
  if (!asRoot) return null;
  const probe = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'test', '-r', fileURLToPath(TSX), '-a', '-r', path.join(ROOT, 'src/cli/main.ts')], { encoding: 'utf8' });
  if (probe.error) return `setpriv is not available (${probe.error.message}), so a read-only folder cannot be made read-only for root`;
  return probe.status === 0 ? null : `uid ${NOBODY} cannot read ${path.join(ROOT, 'src/cli/main.ts')} or tsx (a parent folder of the checkout is not world-readable), so the CLI cannot run as an unprivileged user`;
}

const skipWhy = unreachable();
if (skipWhy) console.warn(`read-only.test: skipped: ${skipWhy}`);

function writable(): string {
  const d = tmpDir('out');
  chmodSync(d, 0o777);
  return d;
}

const TITLE = 'a read-only run directory can be compared, gated and merged from';
if (skipWhy) describe.skip(TITLE, () => { it(`skipped: ${skipWhy}`, () => {}); });
else describe(TITLE, () => {
  const dir = tmpDir('ro');
  const shard = tmpDir('ro-shard');
  const made = [runCli([...RUN, '--out', dir], { env }), runCli([...RUN, '--shard', '1/2', '--out', shard], { env })];
  const policy = path.join(writable(), 'gate.yaml');
  writeFileSync(policy, 'rules:\n  - scope: overall\n    min_gain: -1\n');
  for (const d of [dir, shard]) chmodSync(d, 0o755);
  const before = { dir: snapshot(dir), shard: snapshot(shard) };
  spawnSync('chmod', ['-R', 'a-w', dir, shard]);
  afterAll(() => { spawnSync('chmod', ['-R', 'u+w', dir, shard]); });

  it('the runs finished', () => {
    for (const r of made) expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'comparison.json'))).toBe(true);
  });

  it('compare (with and without --out) reads it and writes elsewhere', () => {
    const out = path.join(writable(), 'cmp');
    const a = cliAsUser(['compare', path.join(dir, 'results/base.json'), path.join(dir, 'results/tuned.json'), '--out', out], ROOT);
    expect(a.code, a.stderr).toBe(0);
    expect(existsSync(path.join(out, 'comparison.json'))).toBe(true);
    const cwd = writable();
    const b = cliAsUser(['compare', path.join(dir, 'results/base.json'), path.join(dir, 'results/tuned.json')], cwd);
    expect(b.code, b.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(before.dir);
  });

  it('gate judges it (junit.xml into --out), and without --out says it could not write junit.xml instead of failing', () => {
    const out = writable();
    const a = cliAsUser(['gate', path.join(dir, 'comparison.json'), '--policy', policy, '--out', out], ROOT);
    expect(a.code, a.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toMatch(/failures="0"/);
    const b = cliAsUser(['gate', path.join(dir, 'comparison.json'), '--policy', policy], ROOT);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/junit\.xml (and gate\.json )?not written: .*--out/);
    expect(snapshot(dir)).toEqual(before.dir);
  });

  it('merge reads read-only inputs', () => {
    const out = path.join(writable(), 'merged');
    const r = cliAsUser(['merge', dir, '--out', out], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'results/tuned.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'results/tuned.json'), 'utf8'));
    const s = cliAsUser(['merge', shard, '--out', path.join(writable(), 'merged-shard')], ROOT);
    expect(s.code, s.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(before.dir);
    expect(snapshot(shard)).toEqual(before.shard);
  });
});
