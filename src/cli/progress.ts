import type { ModelProgress } from '../runner/run-model.js';

/** Progress to stderr: a redrawn line on a TTY, plain periodic lines elsewhere (CI). */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: ModelProgress) => void {
  const tty = Boolean(stream.isTTY) && !process.env['CI'];
  const started = new Map<string, number>();
  let lastLine = 0;
  return (p) => {
    const t0 = started.get(p.model) ?? Date.now();
    started.set(p.model, t0);
    const secs = (Date.now() - t0) / 1000;
    const rate = secs > 0 ? (p.done / secs).toFixed(1) : '—';
    const text = `${p.model}: ${p.done}/${p.total} requests (${p.task}) ${rate}/s`;
    if (tty) {
      stream.write(`\r${text.padEnd(78)}${p.done === p.total ? '\n' : ''}`);
    } else if (p.done === p.total || Date.now() - lastLine > 10_000) {
      lastLine = Date.now();
      stream.write(`${text}\n`);
    }
  };
}
