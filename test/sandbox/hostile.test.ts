/**
 * Hostile programs: each must be contained, reported, and leave nothing
 * running or written behind. Where a protection depends on the isolation tier
 * (network, read-only host), the case checks it only when that tier applied.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolationPlan, runProgram, runTestProgram, type SandboxResult } from '../../src/sandbox/index.js';
import { timeLimitKind } from '../../src/sandbox/isolation.js';
import { pidsOfUid } from '../../src/sandbox/processes.js';
import { wallBackstopMs } from '../../src/sandbox/run-program.js';

const SECRET = `hostile-secret-${process.pid}-${Date.now()}`;
const plan = isolationPlan();
const hostTmp = tmpdir();
let sandboxTmp = '';
let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  process.env.HELDOUT_HOSTILE_SECRET = SECRET;
  // Work dirs of this file go here, so we can prove every one was removed.
  sandboxTmp = mkdtempSync(path.join(hostTmp, 'heldout-hostile-'));
  process.env.TMPDIR = sandboxTmp;
  server = createServer((socket) => { connections++; socket.end('hello\n'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  delete process.env.HELDOUT_HOSTILE_SECRET;
  process.env.TMPDIR = hostTmp;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(sandboxTmp, { recursive: true, force: true });
});

/** The longest a program may run by the wall clock: its limit, or the backstop when the limit is CPU time. */
function wallLimit(timeoutMs: number): number {
  return timeLimitKind(plan) === 'cpu' ? wallBackstopMs(timeoutMs) : timeoutMs;
}

/** The first stdout line of these programs is their uid; none of its processes may remain. */
function expectNothingLeft(result: SandboxResult): void {
  const uid = Number(result.stdoutTail.split('\n')[0]);
  if (plan.canDropUid && Number.isInteger(uid) && uid > 0) expect(pidsOfUid(uid)).toEqual([]);
  expect(readdirSync(sandboxTmp)).toEqual([]);
}

describe('sandbox against hostile programs', () => {
  it('reports the isolation it applied', () => {
    console.info(`sandbox tier: ${plan.tier}; root uid drop: ${plan.canDropUid}`);
    expect(plan.tier).toBeDefined();
  });

  it.each([
    ['python', 'import os\nprint(os.getuid(), flush=True)\nwhile True:\n    pass\n'],
    ['javascript', 'console.log(process.getuid());\nfor (;;) {}\n'],
  ] as const)('stops an infinite loop (%s) at its time limit', async (language, code) => {
    const result = await runProgram({ language, code, timeoutMs: 1500 });
    expect(result.status).toBe('timeout');
    expect(result.durationMs).toBeLessThan(wallLimit(1500) + 2000);
    expectNothingLeft(result);
  });

  it.each([
    ['python', 'import os\nprint(os.getuid(), flush=True)\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n'],
    ['javascript', "console.log(process.getuid());\nconst { spawn } = require('child_process');\nfor (;;) { try { spawn(process.execPath, [__filename], { stdio: 'ignore', detached: true }).on('error', () => {}); } catch {} }\n"],
  ] as const)('contains a fork bomb (%s)', async (language, code) => {
    const result = await runProgram({ language, code, timeoutMs: 2500, maxProcesses: 32 });
    expect(result.status).not.toBe('passed');
    expect(result.durationMs).toBeLessThan(wallLimit(2500) + 3000);
    expectNothingLeft(result);
  });

  it.each([
    ['python', 'import os\nprint(os.getuid(), flush=True)\nblob = bytearray(10 * 1024 ** 3)\nprint("allocated")\n'],
    ['javascript', 'console.log(process.getuid());\nconst keep = [];\nfor (let i = 0; i < 40; i++) keep.push(new Float64Array(32 * 1024 * 1024).fill(1));\nconsole.log("allocated");\n'],
  ] as const)('refuses a 10 GB allocation (%s)', async (language, code) => {
    const before = process.memoryUsage().rss;
    const result = await runProgram({ language, code, memoryMb: 256, timeoutMs: 10_000 });
    expect(result.status).not.toBe('passed');
    expect(result.status).not.toBe('timeout');
    expect(result.stdoutTail).not.toContain('allocated');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expectNothingLeft(result);
  });

  it('keeps the parent environment secret', async () => {
    const py = await runProgram({ language: 'python', code: 'import os\nprint(os.getuid())\nprint(dict(os.environ))\nfor p in ["/proc/1/environ", f"/proc/{os.getppid()}/environ"]:\n    try:\n        print(open(p, "rb").read())\n    except Exception as e:\n        print(p, e)\n' });
    const js = await runProgram({ language: 'javascript', code: 'console.log(process.getuid()); console.log(JSON.stringify(process.env));' });
    expect(process.env.HELDOUT_HOSTILE_SECRET).toBe(SECRET);
    for (const result of [py, js]) {
      expect(result.status).toBe('passed');
      expect(result.stdoutTail + result.stderrTail).not.toContain(SECRET);
      expect(result.isolation).toContain('clearenv');
    }
  });

  it.each([
    ['python', (p: number) => `import os, socket\nprint(os.getuid())\ntry:\n    s = socket.create_connection(("127.0.0.1", ${p}), timeout=2)\n    print("CONNECTED", s.recv(10))\nexcept OSError as e:\n    print("blocked", e)\n`],
    ['javascript', (p: number) => `console.log(process.getuid());\nconst s = require('net').connect(${p}, '127.0.0.1');\ns.on('data', (d) => console.log('CONNECTED', String(d)));\ns.on('error', (e) => console.log('blocked', e.code));\n`],
  ] as const)('cannot reach a listener on 127.0.0.1 (%s)', async (language, build) => {
    const result = await runProgram({ language, code: build(port), timeoutMs: 5000 });
    if (!result.isolation.includes('net-ns')) return void console.info('no network namespace on this machine: network check skipped');
    expect(result.stdoutTail).toContain('blocked');
    expect(result.stdoutTail).not.toContain('CONNECTED');
    expect(connections).toBe(0);
    expectNothingLeft(result);
  });

  it('writes nothing outside its own directory', async () => {
    const tag = `heldout-escape-${process.pid}-${Date.now()}`;
    const targets = [path.join(hostTmp, tag), `/var/tmp/${tag}`, `/dev/shm/${tag}`, `/root/${tag}`, `/work/${tag}`];
    const code = `import os\nprint(os.getuid())\nfor t in ${JSON.stringify(targets)}:\n    try:\n        open(t, "w").write("x")\n        print("wrote", t)\n    except OSError as e:\n        print("refused", t, e.strerror)\nopen("inside.txt", "w").write("fine")\n`;
    const result = await runProgram({ language: 'python', code });
    expect(result.status).toBe('passed');
    const leaked = targets.filter((t) => existsSync(t));
    for (const t of leaked) rmSync(t, { force: true });
    if (!result.isolation.includes('ro-root')) return void console.info(`no read-only root: leaked ${leaked.length} file(s)`);
    expect(leaked).toEqual([]);
    expectNothingLeft(result);
  });

  it.each([
    ['python', 'import os\nos._exit(0)\nassert False'],
    ['python', 'import sys\nsys.exit(0)\nassert False'],
    ['python', 'import atexit, os\natexit.register(lambda: os._exit(0))\nassert 1 == 2'],
    ['javascript', 'process.exit(0);\nthrow new Error("tests")'],
    ['javascript', "process.on('exit', () => { process.exitCode = 0; });\nthrow new Error('a test failed');"],
  ] as const)('does not count an early exit as a pass (%s: %s)', async (language, code) => {
    const result = await runTestProgram({ language, code });
    expect(result.status).not.toBe('passed');
  });

  it('counts a real pass as passed', async () => {
    const py = await runTestProgram({ language: 'python', code: 'def f(x):\n    return x + 1\nassert f(1) == 2' });
    const js = await runTestProgram({ language: 'javascript', code: 'const f = (x) => x + 1;\nif (f(1) !== 2) throw new Error("bad");' });
    expect([py.status, js.status]).toEqual(['passed', 'passed']);
  });

  it.each([
    ['python', 'import sys\nprint(0)\nchunk = "x" * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n'],
    ['javascript', 'console.log(0);\nconst chunk = "x".repeat(1 << 20);\nfor (let i = 0; i < 1024; i++) process.stdout.write(chunk);\n'],
  ] as const)('stops a program printing 1 GB (%s)', async (language, code) => {
    const before = process.memoryUsage().rss;
    const result = await runProgram({ language, code, timeoutMs: 20_000 });
    expect(result.status).toBe('crashed');
    expect(result.reason).toMatch(/output exceeded/u);
    expect(result.stdoutTail.length).toBeLessThanOrEqual(64 * 1024);
    expect(result.durationMs).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(readdirSync(sandboxTmp)).toEqual([]);
  });
});
