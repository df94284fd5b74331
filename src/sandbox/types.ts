/** Shapes of a sandboxed run: what the caller asks for and what comes back. */

export type SandboxLanguage = 'javascript' | 'python';

export interface RunProgramOptions {
  language: SandboxLanguage;
  /** The whole program text. JavaScript runs as a CommonJS file, Python as a script. */
  code: string;
  /**
   * Time limit (default 10 s). Where prlimit is available it is CPU time: the program is stopped
   * when it has computed for that long, however busy the machine is, and the wall clock only
   * backs it up (at least wallBackstopFactor × the limit, more on a loaded machine) for programs
   * that block without computing.
   * Without prlimit it is wall-clock time.
   */
  timeoutMs?: number;
  /** Memory cap in MiB (default 512). Python: RLIMIT_AS. JavaScript: V8 old-space cap plus RLIMIT_AS with 1 GiB headroom. */
  memoryMb?: number;
  /** Most processes and threads the program may have at once (default 64). */
  maxProcesses?: number;
  /** Most bytes of stdout + stderr together (default 1 MiB); past it the sandbox is killed. */
  maxOutputBytes?: number;
  /**
   * When set, 'passed' also requires this exact line on stdout. Test harnesses
   * print a fresh random token after the last test, so exiting with status 0
   * before the tests ran (`process.exit(0)`, `os._exit(0)`) cannot pass.
   */
  passToken?: string;
}

export type SandboxStatus = 'passed' | 'failed' | 'timeout' | 'crashed';

export interface SandboxResult {
  status: SandboxStatus;
  exitCode: number | null;
  signal: string | null;
  stdoutTail: string;
  stderrTail: string;
  durationMs: number;
  /** What was actually applied, e.g. ['bwrap', 'net-ns', 'rlimit-as', 'rlimit-nproc', 'clearenv', 'tmpfs']. */
  isolation: string[];
  /** Why the status is not 'passed', in a few words (absent when it passed). */
  reason?: string;
}

export const SANDBOX_DEFAULTS = {
  timeoutMs: 10_000,
  memoryMb: 512,
  maxProcesses: 64,
  maxOutputBytes: 1 << 20,
  /** Largest file the program may write (RLIMIT_FSIZE). */
  maxFileBytes: 64 << 20,
  /** How much of each stream is kept for the result. */
  tailBytes: 16 << 10,
  /** V8 reserves far more address space than it uses; RLIMIT_AS below ~800 MiB kills node at start. */
  nodeAddressHeadroomMb: 1024,
  /** Wall-clock backstop when the limit is CPU time: a sleeping or deadlocked program stops at (at least) this multiple of it. */
  wallBackstopFactor: 3,
} as const;
