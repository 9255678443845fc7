import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigDir } from '../paths.js';
import { checkUser, hashPassword, hashToken, identify, loadOperators, MAX_CONCURRENT_CHECKS, MAX_QUEUED_CHECKS, TooManyAuthAttempts } from './operators.js';

function configWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-operators-'));
  writeFileSync(join(dir, 'operators.yml'), text);
  return dir;
}

describe('operators.yml', () => {
  it('the shipped demo file holds the two demo operators, hashed, and says they are demo tokens', () => {
    const ops = loadOperators(defaultConfigDir());
    expect(ops.present).toBe(true);
    expect(identify(ops, 'demo-operator-token')).toEqual({ name: 'demo-operator', role: 'operator' });
    expect(identify(ops, 'demo-viewer-token')).toEqual({ name: 'demo-viewer', role: 'viewer' });
    expect(identify(ops, 'demo-viewer-token ')).toBeNull();
    expect(identify(ops, '')).toBeNull();
    const text = readFileSync(ops.file, 'utf8');
    expect(text).not.toContain('token: demo');
    expect(text).toMatch(/DEMO TOKENS: replace/);
  });

  it('a missing file means nobody may attach', () => {
    const ops = loadOperators(mkdtempSync(join(tmpdir(), 'rdo-operators-')));
    expect(ops).toMatchObject({ present: false, operators: [], users: [] });
    expect(identify(ops, 'demo-operator-token')).toBeNull();
  });

  it('hashToken is sha256 hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('names the file, line and field of a bad entry', () => {
    const dir = configWith(`operators:\n  - name: ann\n    role: operator\n    token-sha256: ${hashToken('a')}\n  - name: bob\n    role: admin\n    token-sha256: ${hashToken('b')}\n`);
    expect(() => loadOperators(dir)).toThrow(/operators\.yml:6: operators\[1\]\.role: .*\(got "admin"\)/);
    const plain = configWith(`operators:\n  - name: ann\n    role: viewer\n    token-sha256: demo-token\n`);
    expect(() => loadOperators(plain)).toThrow(/operators\.yml:4: operators\[0\]\.token-sha256: must be a sha256 digest/);
  });

  it('refuses duplicate names and a token shared by two operators', () => {
    const h = hashToken('same');
    expect(() => loadOperators(configWith(`operators:\n  - {name: ann, role: viewer, token-sha256: ${h}}\n  - {name: ann, role: viewer, token-sha256: ${hashToken('x')}}\n`))).toThrow(
      /:3: operators\[1\]\.name: duplicate operator name/,
    );
    expect(() => loadOperators(configWith(`operators:\n  - {name: ann, role: viewer, token-sha256: ${h}}\n  - {name: bob, role: operator, token-sha256: ${h}}\n`))).toThrow(
      /operators\[1\]\.token-sha256: token already given/,
    );
  });

  it('HTTP API users: scrypt-hashed passwords', async () => {
    const stored = await hashPassword('s3cret');
    expect(stored).toMatch(/^16384:8:1:[0-9a-f]{32}:[0-9a-f]{64}$/);
    const ops = loadOperators(configWith(`users:\n  - name: ci\n    password-scrypt: "${stored}"\n`));
    expect(ops.operators).toEqual([]);
    expect(await checkUser(ops, 'ci', 's3cret')).toBe(true);
    expect(await checkUser(ops, 'ci', 'wrong')).toBe(false);
    expect(await checkUser(ops, 'nobody', 's3cret')).toBe(false);
    expect(() => loadOperators(configWith(`users:\n  - name: ci\n    password-scrypt: "99999999:8:1:${'0'.repeat(32)}:${'0'.repeat(64)}"\n`))).toThrow(/scrypt parameters out of range/);
  });

  it('at most MAX_CONCURRENT_CHECKS password checks run at once; past the queue they are refused', async () => {
    const ops = loadOperators(configWith(`users:\n  - name: ci\n    password-scrypt: "${await hashPassword('s3cret')}"\n`));
    const total = MAX_CONCURRENT_CHECKS + MAX_QUEUED_CHECKS + 3;
    const settled = await Promise.allSettled(Array.from({ length: total }, (_, i) => checkUser(ops, 'ci', i === 0 ? 's3cret' : 'wrong')));
    const refused = settled.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.reason).toEqual(new TooManyAuthAttempts());
    expect(settled.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([true, ...Array(MAX_CONCURRENT_CHECKS + MAX_QUEUED_CHECKS - 1).fill(false)]);
    // The slots are all free again.
    expect(await Promise.all(Array.from({ length: MAX_CONCURRENT_CHECKS + MAX_QUEUED_CHECKS }, () => checkUser(ops, 'ci', 's3cret')))).toEqual(
      Array(MAX_CONCURRENT_CHECKS + MAX_QUEUED_CHECKS).fill(true),
    );
  });
});
