import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../errors.js';

/**
 * onnxruntime session options for this kind of machine. Whether intra-op worker threads spin
 * while they wait is chosen by how busy the machine is when a model opens: on an idle 2-core
 * machine spinning made the tiny model's decoding 1.2–1.5× faster (a step takes ~200 µs, and
 * waking sleeping threads is a good part of that), while with other jobs on the cores it made
 * batched generation of a 6×384 model 1.4× slower (spinning threads take the CPU the other work
 * needs). `HELDOUT_ORT_SPINNING=on|off` overrides the choice. Numerics are the same either way.
 */
export async function sessionOptions(threads: number): Promise<Record<string, unknown>> {
  const spin = await spinning();
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: spin ? '1' : '0' } } },
  };
}

/** Others may use at most this share of one core for spinning to pay (an idle machine measured 0.00). */
const IDLE_CORES = 0.25;
const WINDOW_MS = 150;
/** A decision is reused this long: tests and benches open many models in one process. */
const REUSE_MS = 30_000;

let decided: { at: number; spin: Promise<boolean> } | undefined;

/** Whether intra-op threads may spin: as HELDOUT_ORT_SPINNING says, else when the machine is idle. */
export async function spinning(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const asked = env['HELDOUT_ORT_SPINNING']?.trim().toLowerCase();
  if (asked === 'on' || asked === '1') return true;
  if (asked === 'off' || asked === '0') return false;
  if (asked && asked !== 'auto') {
    throw new ConfigError(`HELDOUT_ORT_SPINNING=${env['HELDOUT_ORT_SPINNING']}: expected on, off or auto`, {
      hint: 'unset it to let heldout choose by how busy the machine is, or set it to on or off',
    });
  }
  const now = Date.now();
  if (!decided || now - decided.at > REUSE_MS) decided = { at: now, spin: othersBusyCores(WINDOW_MS).then((busy) => busy !== undefined && busy < IDLE_CORES) };
  return decided.spin;
}

/**
 * Cores kept busy by everything but this process over a short window (Linux /proc; undefined
 * elsewhere, where heldout keeps spinning off as it always did). Steal time counts as busy: a
 * host that other machines load is as crowded as a busy guest.
 */
export async function othersBusyCores(windowMs: number): Promise<number | undefined> {
  try {
    const before = await cpuTicks();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = await cpuTicks();
    const total = after.total - before.total;
    if (total <= 0) return undefined;
    const others = after.busy - before.busy - (after.self - before.self);
    return (Math.max(0, others) / total) * after.cpus;
  } catch {
    return undefined;
  }
}

async function cpuTicks(): Promise<{ busy: number; total: number; self: number; cpus: number }> {
  const [stat, self] = await Promise.all([readFile('/proc/stat', 'utf8'), readFile('/proc/self/stat', 'utf8')]);
  const lines = stat.split('\n');
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const t = lines[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  if (t.length < 8 || t.some((x) => !Number.isFinite(x))) throw new Error('unexpected /proc/stat');
  const cpus = lines.filter((l) => /^cpu\d/.test(l)).length;
  // after "(comm)" the fields start at the state (3rd of the line): utime and stime are the 14th and 15th;
  // a running child's time is the others' (it competes for the cores), so cutime is left out
  const f = self.slice(self.lastIndexOf(')') + 2).split(' ');
  const own = Number(f[11]) + Number(f[12]);
  return { busy: t[0]! + t[1]! + t[2]! + t[5]! + t[6]! + t[7]!, total: t.reduce((a, b) => a + b, 0), self: own, cpus };
}
