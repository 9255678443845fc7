import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN } from '../../test-support/cli.js';
import { Engine } from '../engine.js';
import { ConfigError } from './errors.js';
import { loadOperators } from './operators.js';

/** `npm run test:faults` runs every file through the binary; the default run sends a sample and loads the rest in process. */
const LONG = process.env.RDO_FAULTS === 'long';
const SAMPLED = ['05-name-too-long.yml', '09-release-distro.yml', '20-alias-bomb.yml', '21-latin1-maintainer.yml', '24-tab-indent.yml', '30-build-timeout-huge.yml', '51-job-script-escape.yml', '70-token-plain.yml', '71-password-plain.yml', '81-signing-unknown.yml', '85-maintenance-rrule.yml', '88-backups-timeout-huge.yml'];

const shipped = resolve(import.meta.dirname, '../../../config');
const corpusDir = resolve(import.meta.dirname, 'corpus');

/** One malformed file: which shipped file it replaces, the command that loads it, what the error must say. */
interface Case {
  file: string;
  replaces: string;
  run: 'audit' | 'serve';
  expect: string;
  text: string;
}

function readCase(file: string): Case {
  const text = readFileSync(join(corpusDir, file), 'latin1');
  const header = (key: string) => new RegExp(`^# ${key}: (.*)$`, 'm').exec(text)?.[1];
  const replaces = header('replaces');
  const expected = header('expect');
  if (!replaces || !expected) throw new Error(`${file}: needs "# replaces:" and "# expect:" lines`);
  return { file, replaces, run: header('run') === 'serve' ? 'serve' : 'audit', expect: expected, text };
}

/** Fields holding secrets (or digests of them), as the corpus writes them. */
const SECRET_FIELDS = new Set(['token-sha256', 'password-scrypt', 'token', 'password', 'passphrase', 'secret']);

/** The values given to secret fields in a file: none may appear in what the program prints. */
function secretsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/([A-Za-z0-9_-]+):\s*"?([^"\s}]+)"?/g)) if (SECRET_FIELDS.has(m[1]!)) out.push(m[2]!);
  return out;
}

function snapshotOf(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((f) => `${f}\n${readFileSync(f, 'latin1')}`)
    .join('\n');
}

function scratch(c: { replaces: string; bytes?: Buffer }) {
  const root = mkdtempSync(join(tmpdir(), 'rdo-corpus-'));
  const config = join(root, 'config');
  cpSync(shipped, config, { recursive: true });
  if (c.bytes) writeFileSync(join(config, c.replaces), c.bytes);
  return { config, data: join(root, 'data'), before: snapshotOf(config) };
}

/** What the binary does, without starting a process: the same loaders, in the same order; a ConfigError exits 2. */
function loadInProcess(c: Case) {
  const { config, data, before } = scratch({ ...c, bytes: readFileSync(join(corpusDir, c.file)) });
  let code = 0;
  let stderr = '';
  try {
    if (c.run === 'serve') loadOperators(config);
    Engine.open({ configDir: config, dataDir: data }).close();
  } catch (err) {
    code = err instanceof ConfigError ? 2 : 1;
    stderr = `rdo-console: ${(err as Error).message}`;
  }
  return { code, out: stderr, stderr, config, data, configUnchanged: snapshotOf(config) === before };
}

async function runWith(c: { replaces: string; run: 'audit' | 'serve'; bytes?: Buffer }) {
  const { config, data, before } = scratch(c);
  const args = c.run === 'serve' ? ['serve', '--listen', '127.0.0.1:0'] : ['audit'];
  const r = await execa(process.execPath, [BIN, ...args, '--config', config, '--data', data], { reject: false, timeout: 30_000, env: { CI: 'true' } });
  return { code: r.exitCode, out: `${r.stdout}\n${r.stderr}`, stderr: String(r.stderr), config, data, configUnchanged: snapshotOf(config) === before };
}

async function inBatches<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

describe('the malformed-config corpus, through the real binary', () => {
  const cases = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map(readCase);

  it('the shipped config loads with the same command, and that command does write the data directory', async () => {
    const r = await runWith({ replaces: 'none', run: 'audit' });
    expect(r.code).toBe(0);
    expect(existsSync(join(r.data, 'trunk.db'))).toBe(true);
  });

  it('has at least 40 files, some of them carrying secrets', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => secretsIn(c.text).length > 0).length).toBeGreaterThanOrEqual(4);
  });

  it(`${LONG ? 'every file' : 'a sample'} through the binary: exits 2 naming file, line and field, prints no secret and writes nothing`, async () => {
    const sent = LONG ? cases : cases.filter((c) => SAMPLED.includes(c.file));
    expect(sent.length).toBe(LONG ? cases.length : SAMPLED.length);
    const results = await inBatches(sent, 2, async (c) => ({ c, r: await runWith({ ...c, bytes: readFileSync(join(corpusDir, c.file)) }) }));
    expect(verdicts(results)).toEqual([]);
  }, 600_000);

  it('every file, loaded in process as the binary loads it: a ConfigError naming file, line and field, no secret, nothing written', () => {
    expect(verdicts(cases.map((c) => ({ c, r: loadInProcess(c) })))).toEqual([]);
  });
});

type Outcome = { code: number | undefined; out: string; stderr: string; config: string; data: string; configUnchanged: boolean };

function verdicts(results: { c: Case; r: Outcome }[]): string[] {
    const failures: string[] = [];
    for (const { c, r } of results) {
      const file = join(r.config, c.replaces);
      const located = new RegExp(`^rdo-console: ${escape(file)}:\\d+: [A-Za-z0-9_.\\-\\[\\]]+: `);
      const problems = [
        r.code !== 2 && `exit ${r.code}`,
        !located.test(r.stderr) && 'does not name file, line and field',
        !r.stderr.includes(c.expect) && `does not say "${c.expect}"`,
        ...secretsIn(c.text)
          .filter((s) => r.out.includes(s))
          .map((s) => `prints the secret ${s}`),
        existsSync(r.data) && 'created the data directory',
        !r.configUnchanged && 'changed the config directory',
      ].filter(Boolean);
      if (problems.length > 0) failures.push(`${c.file}: ${problems.join('; ')}\n    ${r.stderr.trim()}`);
    }
    return failures;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
