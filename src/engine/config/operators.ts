import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Actor } from '../area.js';
import { digestsEqual, hashPassword, hashToken, PASSWORD_HASH, verifyPassword } from './operators-secrets.js';
import { checkPassword } from './password-checks.js';

export { MAX_CONCURRENT_CHECKS, MAX_QUEUED_CHECKS, TooManyAuthAttempts } from './password-checks.js';
import { loadYamlFile, locatedError } from './yaml-file.js';

export { hashPassword, hashToken, verifyPassword };

export const OPERATORS_FILE = 'operators.yml';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'must match [A-Za-z0-9][A-Za-z0-9._@-]*, at most 64 characters');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 digest: 64 lowercase hex digits (see `rdo-console token`)');
const scryptHash = z
  .string()
  .regex(PASSWORD_HASH, 'must be N:r:p:<salt, 32 hex>:<key, 64 hex> (see `rdo-console token --password`)')
  .refine((s) => sensibleScrypt(s), 'scrypt parameters out of range (N a power of two from 1024 to 1048576, r 1-32, p 1-16)');

export const operatorsSchema = z
  .object({
    operators: z.array(z.object({ name, role: z.enum(['operator', 'viewer', 'replication']), 'token-sha256': sha256 }).strict()).default([]),
    users: z.array(z.object({ name, 'password-scrypt': scryptHash }).strict()).default([]),
  })
  .strict();

interface OperatorEntry extends Actor {
  tokenDigest: Buffer;
}

/** Who may attach a console (by token) and who may use the HTTP API's POSTs (by HTTP Basic password). */
export interface Operators {
  file: string;
  /** False when the file does not exist: then nobody may attach. */
  present: boolean;
  operators: readonly OperatorEntry[];
  users: readonly { name: string; passwordHash: string }[];
}

/** Reads `<configDir>/operators.yml`; a missing file is no operators at all. Throws ConfigError. */
export function loadOperators(configDir: string): Operators {
  const file = join(resolve(configDir), OPERATORS_FILE);
  if (!existsSync(file)) return { file, present: false, operators: [], users: [] };
  const parsed = loadYamlFile(file, operatorsSchema);
  rejectDuplicates(file, 'operators', parsed.operators.map((o) => o.name), 'duplicate operator name');
  rejectDuplicates(file, 'operators', parsed.operators.map((o) => o['token-sha256']), 'token already given to another operator', 'token-sha256');
  rejectDuplicates(file, 'users', parsed.users.map((u) => u.name), 'duplicate user name');
  return {
    file,
    present: true,
    operators: parsed.operators.map((o) => ({ name: o.name, role: o.role, tokenDigest: Buffer.from(o['token-sha256'], 'hex') })),
    users: parsed.users.map((u) => ({ name: u.name, passwordHash: u['password-scrypt'] })),
  };
}

/** The operator a token belongs to, or null. Compares against every entry in constant time. */
export function identify(operators: Operators, token: string): Actor | null {
  const digest = Buffer.from(hashToken(token), 'hex');
  let found: Actor | null = null;
  for (const o of operators.operators) if (digestsEqual(digest, o.tokenDigest) && !found) found = { name: o.name, role: o.role };
  return found;
}

/**
 * Checks HTTP Basic credentials; an unknown user costs the same as a wrong password. `from` is the client's
 * address: checks queue per address (see password-checks.ts), and TooManyAuthAttempts means that address waits too much.
 */
export async function checkUser(operators: Operators, user: string, password: string, from = 'local'): Promise<boolean> {
  const entry = operators.users.find((u) => u.name === user);
  return checkPassword(entry?.passwordHash, UNKNOWN_USER_HASH, user, password, from);
}

const UNKNOWN_USER_HASH = `16384:8:1:${'0'.repeat(32)}:${'0'.repeat(64)}`;

function sensibleScrypt(stored: string): boolean {
  const [n, r, p] = stored.split(':').map(Number) as [number, number, number];
  return n >= 1024 && n <= 1 << 20 && (n & (n - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16;
}

function rejectDuplicates(file: string, list: string, values: string[], message: string, field = 'name'): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
      throw locatedError(file, doc, lineCounter, [list, i, field], message);
    }
    seen.add(v);
  });
}
