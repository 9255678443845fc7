import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SigningConfig } from '../config/releases.js';
import { EngineError } from '../errors.js';
import { runTool } from '../run-tool.js';

const env = (gnupghome: string) => ({ GNUPGHOME: gnupghome, PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: gnupghome });

/** The signing key's public half (armored); an EngineError when there is no key or gpg cannot find it. */
export async function publicKey(signing: SigningConfig | null, cwd: string): Promise<string> {
  if (!signing) throw new EngineError('unavailable', 'no signing key: releases.yml has no signing: section (signing.gnupghome and signing.key)');
  const secret = await runTool('gpg', ['--batch', '--homedir', signing.gnupghome, '--list-secret-keys', '--with-colons', '--', signing.key], {
    cwd,
    env: env(signing.gnupghome),
    timeoutMs: 30_000,
  });
  if (secret.exitCode !== 0) {
    throw new EngineError('unavailable', `signing key ${JSON.stringify(signing.key)} has no secret key in ${signing.gnupghome} (releases.yml signing.key)`);
  }
  const pub = await runTool('gpg', ['--batch', '--homedir', signing.gnupghome, '--armor', '--export', '--', signing.key], {
    cwd,
    env: env(signing.gnupghome),
    timeoutMs: 30_000,
  });
  if (pub.exitCode !== 0 || !pub.stdout.includes('BEGIN PGP PUBLIC KEY BLOCK'))
    throw new EngineError('unavailable', `gpg exported no public key for ${signing.key}`);
  return pub.stdout;
}

/** Signs RPM files in place with rpmsign and the configured key; throws EngineError naming the file that failed. */
export async function signRpms(signing: SigningConfig, rpms: readonly string[], cwd: string, logFile: string): Promise<void> {
  for (let i = 0; i < rpms.length; i += 50) {
    const batch = rpms.slice(i, i + 50);
    const r = await runTool(
      'rpmsign',
      ['--addsign', '--define', `_gpg_name ${signing.key}`, '--define', `_gpg_path ${signing.gnupghome}`, '--define', '__gpg /usr/bin/gpg', ...batch],
      { cwd, env: env(signing.gnupghome), timeoutMs: 600_000, logFile },
    );
    if (r.exitCode !== 0)
      throw new EngineError('unavailable', `rpmsign failed with key ${signing.key}: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`);
  }
  await runTool('gpgconf', ['--homedir', signing.gnupghome, '--kill', 'gpg-agent'], { cwd, env: env(signing.gnupghome), timeoutMs: 10_000 });
}

/**
 * Checks every RPM's signature against this public key only (imported into a scratch rpmdb): the files that are
 * not signed by it, with rpmkeys' words.
 */
export async function badSignatures(key: string, rpms: readonly string[], scratch: string): Promise<string[]> {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(join(scratch, 'rpmdb'), { recursive: true });
  const keyFile = join(scratch, 'key.asc');
  writeFileSync(keyFile, key);
  const opts = { cwd: scratch, timeoutMs: 120_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch } };
  const dbpath = ['--dbpath', join(scratch, 'rpmdb')];
  await runTool('rpmkeys', [...dbpath, '--import', keyFile], { ...opts, check: true });
  const bad: string[] = [];
  for (let i = 0; i < rpms.length; i += 100) {
    const r = await runTool('rpmkeys', [...dbpath, '--checksig', '--', ...rpms.slice(i, i + 100)], opts);
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      if (!/:\s.*signatures OK\s*$/.test(line)) bad.push(line.trim());
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  return bad;
}
