/** `heldout view`'s server: Node's http on 127.0.0.1 only, answering GET for the site's pages. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError } from '../errors.js';
import { ViewSite } from './site.js';

export interface ViewServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ViewServerOptions {
  roots: string[];
  /** 0 (default): any free port. */
  port?: number;
  /** Called with each request's failure (the page answers 500 and the server keeps going). */
  onError?: (err: Error) => void;
}

const HOST = '127.0.0.1';

/** Start serving the runs under `roots`; resolves once listening. */
export async function startViewServer(opts: ViewServerOptions): Promise<ViewServer> {
  const site = new ViewSite(opts.roots, true);
  await site.runs(); // a missing folder is an error now, not on the first request
  const server = createServer((req, res) => {
    handle(site, req, res, opts.onError).catch((err: Error) => opts.onError?.(err));
  });
  const port = await listen(server, opts.port ?? 0);
  site.warm().catch((err: Error) => opts.onError?.(err));
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const hint = err.code === 'EADDRINUSE' ? `another program listens on port ${port}: pass another --port, or leave it out for a free one` : 'pass another --port';
      reject(new InputError(`heldout view cannot listen on ${HOST}:${port}: ${err.message}`, { hint, cause: err }));
    });
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Only this machine's names: a page from another site that rebinds its DNS to 127.0.0.1 is refused. */
function localHost(host: string | undefined, port: number): boolean {
  return host === `${HOST}:${port}` || host === `localhost:${port}`;
}

async function handle(site: ViewSite, req: IncomingMessage, res: ServerResponse, onError?: (err: Error) => void): Promise<void> {
  const port = (req.socket.address() as AddressInfo).port;
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'heldout view only reads: GET and HEAD\n');
  if (!localHost(req.headers.host, port)) return send(403, 'text/plain; charset=utf-8', 'heldout view answers only http://127.0.0.1 and http://localhost\n');
  const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    return void res.end();
  }
  try {
    const page = await site.respond(url.pathname, url.searchParams);
    send(page.status, page.type, page.body);
  } catch (err) {
    onError?.(err as Error);
    send(500, 'text/plain; charset=utf-8', `heldout view could not build this page: ${(err as Error).message}\n`);
  }
}
