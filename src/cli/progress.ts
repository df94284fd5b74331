import cliProgress from 'cli-progress';
import type { ModelProgress } from '../runner/run-model.js';

export interface ProgressPrinter {
  update(p: ModelProgress): void;
  log(line: string): void;
  stop(): void;
}

/** A bar per model on a TTY; plain periodic lines elsewhere (CI). Always stderr. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): ProgressPrinter {
  const tty = Boolean(stream.isTTY) && !process.env['CI'];
  return tty ? barPrinter(stream) : linePrinter(stream);
}

function barPrinter(stream: NodeJS.WriteStream): ProgressPrinter {
  const multi = new cliProgress.MultiBar({
    stream, hideCursor: true, clearOnComplete: false, etaBuffer: 50,
    format: ' {model} |{bar}| {value}/{total} requests · {rate}/s · ETA {eta_formatted} · {task}',
  }, cliProgress.Presets.shades_classic);
  const bars = new Map<string, { bar: cliProgress.SingleBar; start: number }>();
  return {
    update(p) {
      let entry = bars.get(p.model);
      if (!entry) {
        entry = { bar: multi.create(p.total, 0, { model: p.model, task: p.task, rate: '—' }), start: Date.now() };
        bars.set(p.model, entry);
      }
      const secs = (Date.now() - entry.start) / 1000;
      entry.bar.update(p.done, { task: p.task, rate: secs > 0 ? (p.done / secs).toFixed(1) : '—' });
    },
    log(line) { multi.log(`${line}\n`); },
    stop() { multi.stop(); },
  };
}

function linePrinter(stream: NodeJS.WriteStream): ProgressPrinter {
  const started = new Map<string, number>();
  let last = 0;
  return {
    update(p) {
      const t0 = started.get(p.model) ?? Date.now();
      started.set(p.model, t0);
      if (p.done !== p.total && Date.now() - last < 10_000) return;
      last = Date.now();
      const secs = (Date.now() - t0) / 1000;
      stream.write(`${p.model}: ${p.done}/${p.total} requests (${p.cached} from cache) ${secs > 0 ? (p.done / secs).toFixed(1) : '—'}/s\n`);
    },
    log(line) { stream.write(`${line}\n`); },
    stop() {},
  };
}
