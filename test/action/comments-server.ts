/** A stand-in for GitHub's issue-comments REST API on 127.0.0.1, recording every request. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment { id: number; body: string; html_url: string }
export interface Logged { method: string; path: string; auth: string | undefined; body?: { body?: string } }

export interface CommentsServer {
  url: string;
  comments: Map<number, FakeComment[]>;
  requests: Logged[];
  /** Answer every request with this status (e.g. 403 for a read-only token). */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startCommentsServer(opts: { repo: string; token: string }): Promise<CommentsServer> {
  let nextId = 1000;
  const state: CommentsServer = { url: '', comments: new Map(), requests: [], failWith: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = raw ? (JSON.parse(raw) as { body?: string }) : undefined;
      state.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, auth: req.headers.authorization, ...(body ? { body } : {}) });
      const send = (status: number, value: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
      if (state.failWith) return send(state.failWith, { message: 'Resource not accessible by integration' });
      if (req.headers.authorization !== `Bearer ${opts.token}`) return send(401, { message: 'Bad credentials' });
      const prefix = `/repos/${opts.repo}`;
      const list = url.pathname.match(new RegExp(`^${prefix}/issues/(\\d+)/comments$`));
      const one = url.pathname.match(new RegExp(`^${prefix}/issues/comments/(\\d+)$`));
      if (list && req.method === 'GET') {
        const all = state.comments.get(Number(list[1])) ?? [];
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(200, all.slice((page - 1) * per, page * per));
      }
      if (list && req.method === 'POST') {
        const issue = Number(list[1]);
        const c = { id: nextId++, body: body?.body ?? '', html_url: `https://github.example/${opts.repo}/pull/${issue}#issuecomment-${nextId - 1}` };
        state.comments.set(issue, [...(state.comments.get(issue) ?? []), c]);
        return send(201, c);
      }
      if (one && req.method === 'PATCH') {
        const found = [...state.comments.values()].flat().find((c) => c.id === Number(one[1]));
        if (!found) return send(404, { message: 'Not Found' });
        found.body = body?.body ?? '';
        return send(200, found);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
