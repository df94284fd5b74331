import path from 'node:path';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import { EXIT } from './errors.js';

export interface ViewArgs {
  dirs?: string[];
  port?: number;
  build?: string;
  signal?: AbortSignal;
}

/** `heldout view [DIR...] [--port N] [--build OUT]`: serve (or write) pages over every run under DIR (default reports/). */
export async function viewCommand(args: ViewArgs): Promise<number> {
  const roots = args.dirs?.length ? args.dirs : ['reports'];
  if (args.build !== undefined) return build(roots, args.build);
  const port = args.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(`--port ${args.port} is not a port number`, { hint: 'pass an integer from 1 to 65535, or leave --port out for a free one' });
  }
  const { startViewServer } = await import('../view/server.js');
  const server = await startViewServer({ roots, port, onError: (err) => process.stderr.write(`view: ${err.message}\n`) });
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(`heldout view: serving the runs under ${roots.join(', ')} at ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (args.signal?.aborted) resolve();
    args.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return EXIT.ok;
}

async function build(roots: string[], out: string): Promise<number> {
  const { buildStaticSite } = await import('../view/build.js');
  const result = await buildStaticSite(roots, out);
  process.stdout.write(`${path.join(result.outDir, 'index.html')}\n`);
  process.stderr.write(`wrote ${displayPath(result.outDir)}/: ${result.files.length} pages over ${result.runs} run${result.runs === 1 ? '' : 's'}\n`);
  return EXIT.ok;
}
