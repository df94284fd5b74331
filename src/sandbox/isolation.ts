/**
 * Which isolation this machine allows, probed once per process, and the
 * command line that applies it. Tiers, strongest first:
 *   bwrap   — read-only `/`, fresh tmpfs /tmp, new pid/net/ipc/uts namespaces, clean env
 *   unshare — new net/mount/pid namespaces
 *   plain   — rlimits only
 * Running as root, the program also drops to a throwaway uid (setpriv), which
 * makes RLIMIT_NPROC count only its own processes and keeps it from writing
 * anything the host owns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type Tier = 'bwrap' | 'unshare' | 'plain';

export interface IsolationPlan {
  tier: Tier;
  /** setpriv can switch to an unprivileged uid (we are root). */
  canDropUid: boolean;
  prlimit: boolean;
}

export interface LaunchSpec {
  workDir: string;
  uid: number | null;
  /** cpuSeconds is the soft limit (SIGXCPU, the program's time limit); the hard limit (SIGKILL) is one second later. */
  rlimits: { addressBytes: number; processes: number; fileBytes: number; cpuSeconds: number };
  /** Interpreter argv, run from the work dir. */
  argv: string[];
}

const BWRAP = '/usr/bin/bwrap';
const SANDBOX_DIR = '/tmp/run';

function which(name: string): string | null {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return null;
}

function bwrapArgs(workDir: string, root: boolean): string[] {
  // As root we skip the user namespace so setpriv can still drop to a real uid inside.
  const namespaces = root
    ? ['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try']
    : ['--unshare-all'];
  return [
    '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc',
    '--perms', '01777', '--tmpfs', '/tmp', '--bind', workDir, SANDBOX_DIR, '--chdir', SANDBOX_DIR,
    ...namespaces, '--die-with-parent', '--new-session', '--clearenv',
    '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin', '--setenv', 'HOME', SANDBOX_DIR, '--setenv', 'LANG', 'C.UTF-8',
  ];
}

function dropUidArgs(uid: number): string[] {
  return [which('setpriv') ?? 'setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--'];
}

function prlimitArgs(spec: LaunchSpec, withNproc: boolean): string[] {
  const { addressBytes, processes, fileBytes, cpuSeconds } = spec.rlimits;
  const nproc = withNproc ? [`--nproc=${processes}`] : [];
  return [which('prlimit') ?? 'prlimit', `--as=${addressBytes}`, ...nproc, `--fsize=${fileBytes}`, `--cpu=${cpuSeconds}:${cpuSeconds + 1}`, '--core=0', '--'];
}

/**
 * With prlimit the time limit is CPU time, so a loaded machine cannot turn a correct program into
 * a timeout; the wall clock then only backs it up. Under `unshare --fork` the program is its pid
 * namespace's init, which the kernel spares SIGXCPU, so its limit cannot be told from a crash:
 * that tier keeps the wall clock as the limit (and the CPU rlimit as a cap above it).
 */
export function timeLimitKind(plan: IsolationPlan): 'cpu' | 'wall' {
  return plan.prlimit && plan.tier !== 'unshare' ? 'cpu' : 'wall';
}

/** The full argv (first element is the executable) and the labels of what it applies. */
export function buildCommand(plan: IsolationPlan, spec: LaunchSpec): { argv: string[]; applied: string[] } {
  const dropUid = plan.canDropUid && spec.uid !== null;
  const inner = [...(dropUid ? dropUidArgs(spec.uid!) : []), ...(plan.prlimit ? prlimitArgs(spec, dropUid) : []), ...spec.argv];
  const cpu = timeLimitKind(plan) === 'cpu';
  const applied = ['clearenv', 'process-group', cpu ? 'wall-backstop' : 'wall-timeout', 'output-cap'];
  if (dropUid) applied.push('setuid', 'no-new-privs');
  if (plan.prlimit) applied.push('rlimit-as', 'rlimit-fsize', 'rlimit-cpu', ...(cpu ? ['cpu-timeout'] : []), ...(dropUid ? ['rlimit-nproc'] : []));
  if (plan.tier === 'bwrap') {
    applied.unshift('bwrap', 'net-ns', 'pid-ns', 'ipc-ns', 'mount-ns', 'ro-root', 'tmpfs');
    return { argv: [BWRAP, ...bwrapArgs(spec.workDir, plan.canDropUid), '--', ...inner], applied };
  }
  if (plan.tier === 'unshare') {
    applied.unshift('unshare', 'net-ns', 'pid-ns', 'mount-ns');
    // Without root, a user namespace (mapped to root inside) is what permits the others.
    const asUser = plan.canDropUid ? [] : ['--map-root-user'];
    const flags = [...asUser, '--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc'];
    return { argv: [which('unshare') ?? 'unshare', ...flags, '--', ...inner], applied };
  }
  return { argv: inner, applied };
}

function works(argv: string[]): boolean {
  const [cmd, ...args] = argv;
  const result = spawnSync(cmd!, args, { stdio: 'ignore', timeout: 10_000, env: {} });
  return result.status === 0;
}

let cached: IsolationPlan | null = null;

/** Probe (once) the strongest tier that runs `/bin/true` here. `HELDOUT_SANDBOX_TIER` can force a weaker tier. */
export function isolationPlan(): IsolationPlan {
  if (cached) return cached;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const prlimit = which('prlimit') !== null;
  const canDropUid = root && which('setpriv') !== null;
  const probe = (tier: Tier): boolean => {
    const spec: LaunchSpec = { workDir: '/tmp', uid: 65534, rlimits: { addressBytes: 1 << 30, processes: 64, fileBytes: 1 << 20, cpuSeconds: 5 }, argv: ['/bin/true'] };
    return works(buildCommand({ tier, canDropUid, prlimit }, spec).argv);
  };
  const forced = process.env.HELDOUT_SANDBOX_TIER as Tier | undefined;
  const order: Tier[] = ['bwrap', 'unshare', 'plain'];
  const candidates = forced && order.includes(forced) ? order.slice(order.indexOf(forced)) : order;
  const tier = candidates.find((t) => t === 'plain' || ((t !== 'bwrap' || existsSync(BWRAP)) && probe(t))) ?? 'plain';
  cached = { tier, canDropUid, prlimit };
  return cached;
}

/** Forget the probe result (tests that force a tier). */
export function resetIsolationProbe(): void {
  cached = null;
}
