import { mkdirSync } from 'node:fs';
import type { Config } from '../config/load.js';
import { runTool } from '../run-tool.js';
import { isUnder } from './paths.js';

/**
 * The demo's release signing key: a throwaway ed25519 key without passphrase, generated in the GnuPG home that
 * releases.yml names when that home is inside the data directory and holds no such key. Never touches a real one.
 */
export async function ensureDemoSigningKey(config: Config): Promise<'generated' | 'existing' | null> {
  const s = config.signing;
  if (!s || !isUnder(config.dataDir, s.gnupghome)) return null;
  mkdirSync(s.gnupghome, { recursive: true, mode: 0o700 });
  const env = { GNUPGHOME: s.gnupghome, HOME: s.gnupghome, PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const opts = { cwd: s.gnupghome, env, timeoutMs: 60_000 };
  const has = await runTool('gpg', ['--batch', '--homedir', s.gnupghome, '--list-secret-keys', '--', s.key], opts);
  if (has.exitCode === 0) return 'existing';
  const uid = s.key.includes('@') && !s.key.includes('<') ? `RDO demo release signing (throwaway) <${s.key}>` : s.key;
  await runTool(
    'gpg',
    ['--batch', '--homedir', s.gnupghome, '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-generate-key', uid, 'ed25519', 'sign', 'never'],
    {
      ...opts,
      check: true,
    },
  );
  await runTool('gpgconf', ['--homedir', s.gnupghome, '--kill', 'gpg-agent'], opts);
  return 'generated';
}
