import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a real primary, for fault injection: every reply of the primary goes through `edit`
 * (which may hold it back or change it) before the replica sees it.
 */
export async function feedProxy(target: string, edit: (path: string, body: Buffer) => Buffer | Promise<Buffer>): Promise<FeedProxy> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers: { authorization: req.headers.authorization ?? '', ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}) },
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const body = await edit(new URL(req.url ?? '/', target).pathname, Buffer.from(await upstream.arrayBuffer()));
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(body);
    })().catch((err: unknown) => {
      res.writeHead(502);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
