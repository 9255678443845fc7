import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';

/** Open connections the daemon keeps: per client address and over all; past either, a new one gets a 503. */
export interface ConnectionCaps {
  perAddress: number;
  total: number;
}

export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { perAddress: 128, total: 1024 };

/**
 * A TCP front for an HTTP server: counts connections by address and hands those within the caps to `http`;
 * the others are answered `503` with the reason, and closed. Listen on the returned server.
 */
export function cappedFront(http: HttpServer, caps: ConnectionCaps, log: (line: string) => void): NetServer {
  const byAddress = new Map<string, number>();
  let total = 0;
  let refusedSinceLog = 0;
  return createNetServer((socket) => {
    const from = socket.remoteAddress ?? '?';
    const mine = byAddress.get(from) ?? 0;
    const reason =
      mine >= caps.perAddress
        ? `too many connections from ${from} (at most ${caps.perAddress})`
        : total >= caps.total
          ? `too many connections (at most ${caps.total})`
          : null;
    if (reason) {
      // One line per burst, not one per refused connection: a flood must not flood the log too.
      if (refusedSinceLog++ === 0) setTimeout(() => (log(`refused ${refusedSinceLog} connection(s): ${reason}`), (refusedSinceLog = 0)), 1000).unref();
      return refuse(socket, reason);
    }
    byAddress.set(from, mine + 1);
    total++;
    socket.once('close', () => {
      total--;
      const left = (byAddress.get(from) ?? 1) - 1;
      if (left === 0) byAddress.delete(from);
      else byAddress.set(from, left);
    });
    http.emit('connection', socket);
  });
}

function refuse(socket: Socket, reason: string): void {
  const body = JSON.stringify({ message: `${reason}; try again later` });
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 5\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.resume();
  setTimeout(() => socket.destroy(), 2000).unref();
}
