/**
 * The weaker isolation tiers still contain the worst cases: forced here with
 * HELDOUT_SANDBOX_TIER so they are exercised on a machine where bwrap works.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram, runTestProgram } from '../../src/sandbox/index.js';
import { isolationPlan, resetIsolationProbe, type Tier } from '../../src/sandbox/isolation.js';
import { pidsOfUid } from '../../src/sandbox/processes.js';

const SECRET = `fallback-secret-${process.pid}`;

afterAll(() => {
  delete process.env.HELDOUT_SANDBOX_TIER;
  delete process.env.HELDOUT_FALLBACK_SECRET;
  resetIsolationProbe();
});

describe.each(['unshare', 'plain'] as Tier[])('forced tier %s', (tier) => {
  const useTier = (): void => {
    process.env.HELDOUT_SANDBOX_TIER = tier;
    resetIsolationProbe();
  };

  it('probes to this tier or a weaker one', () => {
    useTier();
    expect(['unshare', 'plain']).toContain(isolationPlan().tier);
  });

  it('kills a fork bomb and leaves no process behind', async () => {
    useTier();
    const code = 'import os\nprint(os.getuid(), flush=True)\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n';
    const result = await runProgram({ language: 'python', code, timeoutMs: 2000, maxProcesses: 32 });
    expect(result.status).toBe('timeout');
    const uid = Number(result.stdoutTail.split('\n')[0]);
    if (isolationPlan().canDropUid && uid > 0) expect(pidsOfUid(uid)).toEqual([]);
  });

  it('hides the parent environment and refuses exit tricks', async () => {
    useTier();
    process.env.HELDOUT_FALLBACK_SECRET = SECRET;
    const env = await runProgram({ language: 'javascript', code: 'console.log(JSON.stringify(process.env))' });
    expect(env.status).toBe('passed');
    expect(env.stdoutTail).not.toContain(SECRET);
    const early = await runTestProgram({ language: 'python', code: 'import os\nos._exit(0)\nassert False' });
    expect(early.status).toBe('failed');
  });

  it('caps output', async () => {
    useTier();
    const result = await runProgram({ language: 'python', code: 'import sys\nwhile True:\n    sys.stdout.write("y" * 65536)\n', maxOutputBytes: 1 << 20 });
    expect(result.status).toBe('crashed');
    expect(result.reason).toMatch(/output exceeded/u);
  });
});
