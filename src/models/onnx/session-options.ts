import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../errors.js';
import { configNumber, textConfigOf } from './model-config.js';

/**
 * onnxruntime session options for this kind of machine. Intra-op worker threads may spin while
 * they wait only for a small model on an idle machine. Measured on 2 cores: for the 0.7M-parameter
 * toy model (a decode step ~200 µs, much of it waking sleeping threads) spinning made decoding
 * 1.2× faster; for an 11M-parameter 6×384 model it was 14% slower even idle (655 vs 563 tok/s),
 * and with other jobs on the cores 1.4× slower (spinning threads take the CPU other work needs).
 * `HELDOUT_ORT_SPINNING=on|off` decides instead. Numerics are the same either way.
 */
export async function sessionOptions(threads: number, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const small = (approxParameters(config) ?? Infinity) <= SMALL_MODEL_PARAMETERS;
  const spin = await spinning(process.env, small);
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: spin ? '1' : '0' } } },
  };
}

/** Up to this size a step is short enough that waking threads is a large share of it. */
export const SMALL_MODEL_PARAMETERS = 4e6;

/**
 * Weights a transformer config describes, roughly: embeddings plus per layer attention (4·d²) and
 * the feed-forward block (2·d·ff). Undefined when the config does not say its width and depth.
 */
export function approxParameters(config: Record<string, unknown>): number | undefined {
  const text = textConfigOf(config);
  const num = (...keys: string[]) => { const v = configNumber(text, ...keys); return v !== undefined && v > 0 ? v : undefined; };
  const d = num('hidden_size', 'n_embd', 'd_model');
  const layers = num('num_hidden_layers', 'n_layer', 'num_layers');
  const vocab = num('vocab_size');
  if (!d || !layers || !vocab) return undefined;
  const ff = num('intermediate_size', 'n_inner', 'd_ff') ?? 4 * d;
  const decoder = num('num_decoder_layers') ?? 0;
  return vocab * d + (layers + decoder) * (4 * d * d + 2 * d * ff);
}

/** Others may use at most this share of one core for spinning to pay (an idle machine measured 0.00). */
const IDLE_CORES = 0.25;
const WINDOW_MS = 150;
/** A decision is reused this long: tests and benches open many models in one process. */
const REUSE_MS = 30_000;

let decided: { at: number; spin: Promise<boolean> } | undefined;

/** Whether intra-op threads may spin: as HELDOUT_ORT_SPINNING says, else for a small model when the machine is idle. */
export async function spinning(env: NodeJS.ProcessEnv = process.env, small = true): Promise<boolean> {
  const asked = env['HELDOUT_ORT_SPINNING']?.trim().toLowerCase();
  if (asked === 'on' || asked === '1') return true;
  if (asked === 'off' || asked === '0') return false;
  if (asked && asked !== 'auto') {
    throw new ConfigError(`HELDOUT_ORT_SPINNING=${env['HELDOUT_ORT_SPINNING']}: expected on, off or auto`, {
      hint: 'unset it to let heldout choose (small models spin on an idle machine), or set it to on or off',
    });
  }
  if (!small) return false;
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
