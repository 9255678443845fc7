import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hashPassword, hashToken, OPERATORS_FILE } from '../engine/config/operators.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { configDirOf, UsageError } from './context.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new UsageError(`name ${JSON.stringify(name)} must match [A-Za-z0-9][A-Za-z0-9._@-]*, at most 64 characters`);
}

/** A fresh secret: 32 random bytes, URL-safe base64 (43 characters). */
function secret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `token operator NAME` and `token api-user NAME`: mint a console token or an API password, print it once,
 * and the lines to put in operators.yml (which stores only its hash).
 */
export function registerTokenCli(p: Program): void {
  act(
    p,
    withJson(leaf(p, 'token operator', 'Mint a console token for an operator (printed once) and the operators.yml entry for it'))
      .argument('<name>')
      .option('--role <role>', 'operator (may act), viewer (only watches) or replication (a replica pulling changes)', 'operator'),
    ([name], o) => {
      checkName(name!);
      const role = String(o.role);
      if (role !== 'operator' && role !== 'viewer' && role !== 'replication')
        throw new UsageError(`--role must be operator, viewer or replication (got ${JSON.stringify(role)})`);
      const token = secret();
      const entry = { name: name!, role, 'token-sha256': hashToken(token) };
      if (o.json) p.io.out(JSON.stringify({ token, entry }));
      else
        p.io.out(
          [
            `token for ${name} (${role}): ${token}`,
            '(shown only now: operators.yml keeps its sha256; give it to them for --attach --token or RDO_CONSOLE_TOKEN)',
            '',
            `add under "operators:" in ${join(configDirOf(o), OPERATORS_FILE)}:`,
            `  - name: ${name}`,
            `    role: ${role}`,
            `    token-sha256: ${entry['token-sha256']}`,
          ].join('\n'),
        );
      return 0;
    },
  );
  act(
    p,
    withJson(leaf(p, 'token api-user', 'Mint an HTTP API password for a CI user (printed once) and the operators.yml entry for it')).argument('<name>'),
    async ([name], o) => {
      checkName(name!);
      const password = secret();
      const entry = { name: name!, 'password-scrypt': await hashPassword(password) };
      if (o.json) p.io.out(JSON.stringify({ password, entry }));
      else
        p.io.out(
          [
            `password for API user ${name}: ${password}`,
            '(shown only now: operators.yml keeps its scrypt hash; CI jobs send it with HTTP Basic auth)',
            '',
            `add under "users:" in ${join(configDirOf(o), OPERATORS_FILE)}:`,
            `  - name: ${name}`,
            `    password-scrypt: "${entry['password-scrypt']}"`,
          ].join('\n'),
        );
      return 0;
    },
  );
}
