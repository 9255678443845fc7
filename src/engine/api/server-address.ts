export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_LISTEN = '127.0.0.1:8080';

/** Parses `--listen`: `HOST:PORT`, `[IPv6]:PORT`, or a bare `PORT` (loopback). Throws an Error naming the value. */
export function parseListen(value: string): ListenAddress {
  const m = /^(?:(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):)?(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--listen ${JSON.stringify(value)}: expected HOST:PORT, [IPv6]:PORT or PORT (e.g. ${DEFAULT_LISTEN})`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}

/** `http://host:port` for an address the server listens on. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
