import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The stored form of an operator token: sha256, hex. Tokens are long random strings, so no salt is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two digests of the same length. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;
export const PASSWORD_HASH = /^(\d+):(\d+):(\d+):([0-9a-f]{32}):([0-9a-f]{64})$/;

/** The stored form of an HTTP API user's password: `N:r:p:<salt hex>:<scrypt key hex>`. */
export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await scryptKey(password, salt, SCRYPT);
  return `${SCRYPT.N}:${SCRYPT.r}:${SCRYPT.p}:${salt.toString('hex')}:${key.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = PASSWORD_HASH.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'hex');
  const key = await scryptKey(password, Buffer.from(m[4]!, 'hex'), { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), keylen: expected.length });
  return digestsEqual(key, expected);
}

function scryptKey(password: string, salt: Buffer, o: { N: number; r: number; p: number; keylen: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 128 * o.N * o.r * 2 };
  return new Promise((resolve, reject) => scrypt(password, salt, o.keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}
