import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';

export type HttpMode = 'up' | 'down' | 'slow' | 'hang';

/** A service on loopback that answers 200, 503, slowly (`slowMs`) or never, as its mode says; counts requests at once. */
export interface FakeHttp {
  url: string;
  mode: HttpMode;
  slowMs: number;
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export async function fakeHttp(mode: HttpMode = 'up', slowMs = 300): Promise<FakeHttp> {
  const sockets = new Set<Socket>();
  const state: FakeHttp = { url: '', mode, slowMs, inFlight: 0, maxInFlight: 0, close: async () => undefined };
  const server: Server = createHttpServer((req, res) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const done = (code: number) => {
      state.inFlight--;
      res.writeHead(code, { 'content-type': 'application/json' }).end('{"result":"ok"}');
    };
    if (state.mode === 'up') done(200);
    else if (state.mode === 'down') done(503);
    else if (state.mode === 'slow') setTimeout(() => done(200), state.slowMs);
    else req.on('close', () => state.inFlight--);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  state.url = `http://127.0.0.1:${address.port}/api/health`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** A TCP listener on loopback that can be stopped (connections refused) and started again on its port. */
export interface FakeTcp {
  address: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function fakeTcp(): Promise<FakeTcp> {
  let server: TcpServer | null = null;
  let port = 0;
  const start = async () => {
    server = createTcpServer((s) => s.end());
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  await start();
  return {
    address: `127.0.0.1:${port}`,
    start,
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}
