/**
 * The time limit is CPU time where prlimit exists: a correct program is not turned into a
 * timeout because the machine is busy, and a program that blocks without computing is still
 * stopped, by the wall-clock backstop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { runProgram } from '../../src/sandbox/index.js';
import { isolationPlan, timeLimitKind } from '../../src/sandbox/isolation.js';
import { wallBackstopMs } from '../../src/sandbox/run-program.js';

const cpuLimited = timeLimitKind(isolationPlan()) === 'cpu';
const burners: ChildProcess[] = [];

afterEach(() => {
  for (const b of burners.splice(0)) b.kill('SIGKILL');
});

/** Busy loops that take most of every core away from the program under test. */
function loadTheMachine(perCore: number): void {
  for (let i = 0; i < perCore * availableParallelism(); i++) {
    burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  }
}

describe('the wall-clock backstop', () => {
  it('is at least three times the limit, and grows with the load per core', () => {
    expect(wallBackstopMs(5000, 0, 2)).toBe(15_000);
    expect(wallBackstopMs(5000, 4, 2)).toBe(15_000);
    expect(wallBackstopMs(5000, 24, 2)).toBe(90_000);
    expect(wallBackstopMs(1000, 24, 8)).toBe(4500);
  });
});

describe.skipIf(!cpuLimited)('a CPU time limit (prlimit available, tier bwrap or plain)', () => {
  it('passes a program that needs 0.6 s of CPU under a 2 s limit while busy loops hold every core', async () => {
    // About 0.6 s of CPU when the program has a core to itself; with three busy loops per core
    // it gets a quarter of one, so by the wall clock it takes well past its 2 s limit.
    const code = 'import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6:\n    pass\nprint("done")\n';
    loadTheMachine(3);
    const result = await runProgram({ language: 'python', code, timeoutMs: 2000 });
    expect(result.status).toBe('passed');
    expect(result.stdoutTail).toContain('done');
    expect(result.isolation).toContain('cpu-timeout');
  }, 60_000);

  it('stops a busy loop by its CPU time', async () => {
    const result = await runProgram({ language: 'python', code: 'while True:\n    pass\n', timeoutMs: 1000 });
    expect(result.status).toBe('timeout');
    // a quiet machine reaches the CPU limit first; a loaded one may reach the backstop first
    expect(['CPU time limit', 'wall-clock timeout']).toContain(result.reason);
  }, 30_000);

  it('stops a program that sleeps, by the wall-clock backstop', async () => {
    const result = await runProgram({ language: 'python', code: 'import time\ntime.sleep(600)\n', timeoutMs: 500 });
    expect(result.status).toBe('timeout');
    expect(result.reason).toBe('wall-clock timeout');
    expect(result.durationMs).toBeGreaterThanOrEqual(1500);
  }, 60_000);
});
