import { request } from 'node:http';

/** For tests: a DLRN API answer, its JSON body parsed. */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface ApiCall {
  /** Sent as JSON (with `Content-Type: application/json`) unless a string or Buffer. */
  body?: unknown;
  headers?: Record<string, string>;
  auth?: [user: string, password: string];
}

/** For tests: one request with any method, headers and body (fetch refuses a GET with a body; DLRN clients send one). */
export function callApi(base: string, method: string, path: string, call: ApiCall = {}): Promise<ApiAnswer> {
  const raw = typeof call.body === 'string' || Buffer.isBuffer(call.body);
  const data = call.body === undefined ? undefined : raw ? Buffer.from(call.body as string | Buffer) : Buffer.from(JSON.stringify(call.body));
  const headers: Record<string, string> = { ...(data && !raw ? { 'Content-Type': 'application/json' } : {}), ...call.headers };
  if (data && !headers['Transfer-Encoding']) headers['Content-Length'] ??= String(data.length);
  if (call.auth) headers.Authorization = `Basic ${Buffer.from(call.auth.join(':')).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = text ? (JSON.parse(text) as unknown) : null;
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}
