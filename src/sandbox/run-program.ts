/**
 * Runs untrusted generated code (JavaScript or Python) with a time limit
 * (CPU time where prlimit exists, backed by the wall clock), memory / process / file-size caps, an empty environment, a fresh
 * working directory and, where the machine allows, no network and a read-only
 * view of the host. Never throws for anything the program does: every outcome
 * is a SandboxResult.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { buildCommand, isolationPlan, timeLimitKind, type LaunchSpec } from './isolation.js';
import { OutputTail } from './output-tail.js';
import { killGroup, killUid, throwawayUid } from './processes.js';
import { SANDBOX_DEFAULTS, type RunProgramOptions, type SandboxResult } from './types.js';

const MIB = 1024 * 1024;
/** After the main process exits, how long leftover children may hold the pipes open. */
const EXIT_GRACE_MS = 300;

function pythonPath(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

function checkOptions(opts: RunProgramOptions): Required<Omit<RunProgramOptions, 'passToken'>> {
  const merged = { ...SANDBOX_DEFAULTS, ...opts };
  for (const key of ['timeoutMs', 'memoryMb', 'maxProcesses', 'maxOutputBytes'] as const) {
    const value = merged[key];
    if (!Number.isFinite(value) || value <= 0) throw new InputError(`runProgram: ${key} must be a positive number, got ${value}`);
  }
  if (opts.language !== 'javascript' && opts.language !== 'python') {
    throw new InputError(`runProgram: unsupported language "${String(opts.language)}"`, { hint: 'Use "javascript" or "python".' });
  }
  return { language: opts.language, code: opts.code, timeoutMs: merged.timeoutMs, memoryMb: merged.memoryMb, maxProcesses: merged.maxProcesses, maxOutputBytes: merged.maxOutputBytes };
}

function launchSpec(opts: ReturnType<typeof checkOptions>, workDir: string, uid: number | null, cpuLimit: boolean): LaunchSpec {
  const js = opts.language === 'javascript';
  const addressMb = js ? opts.memoryMb + SANDBOX_DEFAULTS.nodeAddressHeadroomMb : opts.memoryMb;
  return {
    workDir,
    uid,
    rlimits: {
      addressBytes: Math.round(addressMb * MIB),
      processes: Math.round(opts.maxProcesses),
      fileBytes: SANDBOX_DEFAULTS.maxFileBytes,
      // the limit itself, or (wall-clock tiers) a cap just above it
      cpuSeconds: Math.max(1, Math.ceil(opts.timeoutMs / 1000)) + (cpuLimit ? 0 : 1),
    },
    argv: js
      ? [process.execPath, `--max-old-space-size=${Math.round(opts.memoryMb)}`, 'program.cjs']
      : [pythonPath(), '-I', '-B', 'program.py'],
  };
}

function prepareWorkDir(language: RunProgramOptions['language'], code: string, uid: number | null): string {
  const workDir = mkdtempSync(path.join(tmpdir(), 'heldout-sandbox-'));
  writeFileSync(path.join(workDir, language === 'javascript' ? 'program.cjs' : 'program.py'), code);
  if (uid !== null) chownSync(workDir, uid, uid);
  chmodSync(workDir, 0o700);
  return workDir;
}

/** bwrap reports a child killed by signal N as exit code 128 + N. */
function signalFromCode(code: number | null): string | null {
  if (code === null || code <= 128 || code >= 160) return null;
  const entry = Object.entries(osConstants.signals).find(([, num]) => num === code - 128);
  return entry ? entry[0] : null;
}

interface RawOutcome { exitCode: number | null; signal: string | null; timedOut: boolean; overflowed: boolean; stdout: OutputTail; stderr: OutputTail }

function classify(raw: RawOutcome, tier: string, maxOutputBytes: number, passToken?: string): Pick<SandboxResult, 'status' | 'reason' | 'signal'> {
  const signal = raw.signal ?? (tier === 'bwrap' ? signalFromCode(raw.exitCode) : null);
  if (raw.timedOut) return { status: 'timeout', reason: 'wall-clock timeout', signal };
  if (signal === 'SIGXCPU') return { status: 'timeout', reason: 'CPU time limit', signal };
  if (raw.overflowed) return { status: 'crashed', reason: `output exceeded ${maxOutputBytes} bytes`, signal };
  if (signal) return { status: 'crashed', reason: `killed by ${signal}`, signal };
  if (raw.exitCode !== 0) return { status: 'failed', reason: `exit code ${raw.exitCode}`, signal };
  if (passToken !== undefined && !raw.stdout.text().split('\n').some((line) => line.trim() === passToken)) {
    return { status: 'failed', reason: 'exited 0 without reaching the end of the tests', signal };
  }
  return { status: 'passed', signal };
}

function execute(argv: string[], workDir: string, opts: ReturnType<typeof checkOptions>, wallMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd!, args, {
      cwd: workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: workDir },
    });
    const raw: RawOutcome = { exitCode: null, signal: null, timedOut: false, overflowed: false, stdout: new OutputTail(SANDBOX_DEFAULTS.tailBytes), stderr: new OutputTail(SANDBOX_DEFAULTS.tailBytes) };
    let settled = false;
    let exited = false;
    // Kill the group unless the program already exited and nothing held the pipes (its pgid may be reused then).
    const finish = (leftovers: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      if (leftovers || !exited) killGroup(child.pid);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(raw);
    };
    const onData = (tail: OutputTail) => (chunk: Buffer): void => {
      tail.push(chunk);
      if (raw.stdout.total + raw.stderr.total > opts.maxOutputBytes && !raw.overflowed) {
        raw.overflowed = true;
        killGroup(child.pid);
      }
    };
    child.stdout.on('data', onData(raw.stdout));
    child.stderr.on('data', onData(raw.stderr));
    const timer = setTimeout(() => { raw.timedOut = true; killGroup(child.pid); }, wallMs);
    let grace: NodeJS.Timeout | undefined;
    child.on('error', (err) => { raw.stderr.push(Buffer.from(`sandbox: ${err.message}\n`)); raw.exitCode = -1; finish(true); });
    child.on('exit', (code, signal) => {
      exited = true;
      raw.exitCode = code;
      raw.signal = signal;
      grace = setTimeout(() => finish(true), EXIT_GRACE_MS);
    });
    child.on('close', () => finish(false));
  });
}

/**
 * When the limit is CPU time, the wall clock only stops programs that block without computing.
 * On a loaded machine a program gets a smaller share of a core, so the backstop grows with the
 * load: a correct program is never cut short by the wall clock before it has had its CPU time.
 */
export function wallBackstopMs(timeoutMs: number, load = loadavg()[0]!, cores = availableParallelism()): number {
  const factor = Math.max(SANDBOX_DEFAULTS.wallBackstopFactor, (1.5 * load) / Math.max(1, cores));
  return Math.round(timeoutMs * factor);
}

/** Run one program in the sandbox; see SandboxResult for what comes back. */
export async function runProgram(options: RunProgramOptions): Promise<SandboxResult> {
  const opts = checkOptions(options);
  const plan = isolationPlan();
  const uid = plan.canDropUid ? throwawayUid() : null;
  const workDir = prepareWorkDir(opts.language, opts.code, uid);
  const started = performance.now();
  try {
    const cpuLimit = timeLimitKind(plan) === 'cpu';
    const { argv, applied } = buildCommand(plan, launchSpec(opts, workDir, uid, cpuLimit));
    const wallMs = cpuLimit ? wallBackstopMs(opts.timeoutMs) : opts.timeoutMs;
    const raw = await execute(argv, workDir, opts, wallMs);
    const verdict = classify(raw, plan.tier, opts.maxOutputBytes, options.passToken);
    return {
      ...verdict,
      exitCode: raw.exitCode,
      stdoutTail: raw.stdout.text(),
      stderrTail: raw.stderr.text(),
      durationMs: Math.round(performance.now() - started),
      isolation: applied,
    };
  } finally {
    if (uid !== null) await killUid(uid);
    rmSync(workDir, { recursive: true, force: true });
  }
}
