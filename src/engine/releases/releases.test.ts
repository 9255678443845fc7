import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { ensureDemoSigningKey } from '../demo/signing-key.js';
import { Engine } from '../engine.js';
import { git } from '../git.js';
import { runTool } from '../run-tool.js';
import { releasesOf } from './index.js';
import { createReleaseFixture, type ReleaseFixture } from './release-fixture.js';

const operator = { name: 'tester', role: 'operator' as const };
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

function open(fx: ReleaseFixture): Engine {
  engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
  expect(engine.takeLock()).toEqual({ ok: true });
  return engine;
}

async function ok(e: Engine, name: string, args: Record<string, unknown>) {
  const r = await e.dispatch({ name, args }, operator);
  expect(r.ok, `${name}: ${r.message}`).toBe(true);
  return r;
}

const PKGS = [
  { name: 'pkg-a', tag: '1.0.0' },
  { name: 'pkg-b', tag: '2.1.0', requires: ['pkg-a'], upstreamRequires: ['pkg-a', 'pkg-c'] },
  { name: 'pkg-c', tag: '0.3.0' },
];

describe('releases with real git, rpmbuild, createrepo_c, repoclosure, rpmsign and gpg', () => {
  it('branches, reports a missing requirement, builds into -candidate, composes, gates, mass-tags, signs and publishes', async () => {
    const fx = await createReleaseFixture(PKGS);
    const e = open(fx);
    expect(await ensureDemoSigningKey(loadConfig(fx.configDir, fx.dataDir))).toBe('generated');

    const branched = await ok(e, 'release.branch', { release: 'zed' });
    expect(branched.data).toMatchObject({ created: ['pkg-a', 'pkg-b', 'pkg-c'], existing: [] });
    expect((await git(fx.distgit('pkg-b'), ['rev-parse', 'zed-rdo'])).trim()).toBe((await git(fx.distgit('pkg-b'), ['rev-parse', 'rpm-master'])).trim());
    expect((await ok(e, 'release.branch', { release: 'zed' })).data).toMatchObject({ created: [], existing: ['pkg-a', 'pkg-b', 'pkg-c'] });

    const req = await ok(e, 'release.reqcheck', { release: 'zed' });
    expect(req.data).toContainEqual({ package: 'pkg-b', missing: ['pkg-c'], excess: [], note: null });
    expect(req.message).toContain('pkg-b (missing pkg-c; excess none)');

    const built = await ok(e, 'release.build', { release: 'zed' });
    expect((built.data as { built: string[] }).built).toEqual(['pkg-a-1.0.0-1.el9', 'pkg-b-2.1.0-1.el9', 'pkg-c-0.3.0-1.el9']);
    expect(e.facts()['releases.zed.missing-candidate']).toBe(0);
    expect(e.facts()['releases.zed.missing-testing']).toBe(3);
    expect((await ok(e, 'release.build', { release: 'zed' })).data).toMatchObject({ built: [], upToDate: ['pkg-a', 'pkg-b', 'pkg-c'] });

    await ok(e, 'tag.add', { tag: 'zed-testing', package: 'all' });
    expect(e.facts()['releases.zed.missing-testing']).toBe(0);
    const compose = await ok(e, 'release.compose', { release: 'zed', tag: 'zed-testing' });
    expect(compose.message).toMatch(/3 package\(s\), repoclosure pass/);
    expect(e.facts()['releases.zed.closure']).toBe('pass');

    fx.turnGateGreen();
    const gate = await ok(e, 'release.gate', { release: 'zed' });
    expect(gate.message).toContain('pass (repoclosure success, rpm-sanity success, marker success)');
    expect(e.facts()['releases.zed.gate']).toBe('pass');

    await ok(e, 'release.mass-tag', { from: 'zed-testing', to: 'zed-release' });
    expect(e.facts()['releases.zed.missing-release']).toBe(0);
    const list = (await e.query('releases.tag', { tag: 'zed-release' }, operator)) as { builds: { nvr: string; taggedBy: string }[]; history: unknown[] };
    expect(list.builds.map((b) => b.nvr)).toEqual(['pkg-a-1.0.0-1.el9', 'pkg-b-2.1.0-1.el9', 'pkg-c-0.3.0-1.el9']);
    expect(list.builds[0]!.taggedBy).toBe('tester');
    expect(list.history).toHaveLength(3);

    expect(e.facts()['releases.zed.signed']).toBe(false);
    await ok(e, 'release.sign', { release: 'zed' });
    expect(e.facts()['releases.zed.signed']).toBe(true);
    expect(e.facts()['releases.zed.published']).toBe(false);
    await ok(e, 'release.publish', { release: 'zed' });
    expect(e.facts()['releases.zed.published']).toBe(true);

    const pub = join(fx.dataDir, 'repos', 'releases', 'zed');
    expect(lstatSync(pub).isSymbolicLink()).toBe(true);
    const files = readdirSync(pub).sort();
    expect(files).toEqual(expect.arrayContaining(['RPM-GPG-KEY-rdo-zed', 'pkg-a-1.0.0-1.el9.noarch.rpm', 'pkg-b-2.1.0-1.el9.src.rpm', 'repodata']));
    expect(readFileSync(join(fx.dataDir, 'repos', 'releases', 'zed.repo'), 'utf8')).toContain(
      'baseurl=http://127.0.0.1:1/repos/releases/zed/\nenabled=1\ngpgcheck=1',
    );
    const sig = await runTool('rpm', ['-qpi', join(pub, 'pkg-a-1.0.0-1.el9.noarch.rpm')], { cwd: pub });
    expect(sig.stdout).toMatch(/^Signature\s*: EdDSA\/SHA\d+, .*Key ID [0-9a-f]{16}$/m);
    // The build itself was not signed in place: only the published copy is.
    const orig = await runTool('rpm', ['-qpi', join(fx.dataDir, 'releases', 'zed', 'builds', 'pkg-a-1.0.0-1.el9', 'pkg-a-1.0.0-1.el9.noarch.rpm')], {
      cwd: pub,
    });
    expect(orig.stdout).toMatch(/^Signature\s*: \(none\)$/m);

    // A late upstream tag: picked up by release.build (only it), and by the late-builds loop's way of calling it.
    await fx.release('pkg-c', '0.4.0');
    const late = await ok(e, 'release.build', { release: 'zed' });
    expect(late.data).toMatchObject({ built: ['pkg-c-0.4.0-1.el9'], upToDate: ['pkg-a', 'pkg-b'] });
    const candidate = (await e.query('releases.tag', { tag: 'zed-candidate' }, operator)) as { builds: { nvr: string }[] };
    expect(candidate.builds.map((b) => b.nvr)).toContain('pkg-c-0.4.0-1.el9');
    // -release did not change: the publication stays as it was.
    const first = readlinkSync(pub);
    expect(first).toMatch(/^\.zed-\d+$/);
    expect(e.facts()['releases.zed.published']).toBe(true);

    // A new build in -release: not published until signed again; the previous publication is served meanwhile.
    await ok(e, 'tag.add', { tag: 'zed-release', package: 'pkg-c', nvr: 'pkg-c-0.4.0-1.el9' });
    expect(e.facts()['releases.zed.signed']).toBe(false);
    expect(e.facts()['releases.zed.published']).toBe(false);
    const stale = await e.dispatch({ name: 'release.publish', args: { release: 'zed' } }, operator);
    expect(stale.message).toContain('zed-release changed since it was signed');
    expect(readlinkSync(pub)).toBe(first);
    expect(existsSync(join(pub, 'pkg-c-0.3.0-1.el9.noarch.rpm'))).toBe(true);
    await ok(e, 'release.sign', { release: 'zed' });
    await ok(e, 'release.publish', { release: 'zed' });
    expect(readlinkSync(pub)).not.toBe(first);
    expect(existsSync(join(pub, 'pkg-c-0.4.0-1.el9.noarch.rpm'))).toBe(true);
    expect(existsSync(join(pub, 'pkg-c-0.3.0-1.el9.noarch.rpm'))).toBe(false);
    expect(existsSync(join(fx.dataDir, 'repos', 'releases', first))).toBe(false);
    expect(e.facts()['releases.zed.published']).toBe(true);
  }, 180_000);

  it('a red gate refuses the mass-tag naming the failing job and changes nothing; --force needs a reason and is audited', async () => {
    const fx = await createReleaseFixture([{ name: 'pkg-a' }, { name: 'pkg-x', requires: ['not-packaged'] }]);
    const e = open(fx);
    await ok(e, 'release.branch', { release: 'zed' });
    await ok(e, 'release.build', { release: 'zed' });
    await ok(e, 'tag.add', { tag: 'zed-testing', package: 'all' });
    const compose = await e.dispatch({ name: 'release.compose', args: { release: 'zed' } }, operator);
    expect(compose.ok).toBe(false);
    expect(compose.message).toContain('pkg-x-1.0.0-1.el9.noarch: not-packaged');
    expect(e.facts()['releases.zed.closure']).toBe('fail');
    const gate = await e.dispatch({ name: 'release.gate', args: { release: 'zed' } }, operator);
    expect(gate.ok).toBe(false);
    expect(e.facts()['releases.zed.gate']).toBe('fail');

    const refused = await e.dispatch({ name: 'release.mass-tag', args: { from: 'zed-testing', to: 'zed-release' } }, operator);
    expect(refused.ok).toBe(false);
    expect(refused.error?.kind).toBe('conflict');
    expect(refused.message).toContain('marker (failure: exited 1)');
    expect(refused.message).toContain('repoclosure failed: pkg-x-1.0.0-1.el9.noarch: not-packaged');
    expect(refused.message).toContain('nothing changed');
    const after = (await e.query('releases.tag', { tag: 'zed-release' }, operator)) as { builds: unknown[]; history: unknown[] };
    expect(after).toMatchObject({ builds: [], history: [] });

    const noReason = await e.dispatch({ name: 'release.mass-tag', args: { from: 'zed-testing', to: 'zed-release', force: true } }, operator);
    expect(noReason.message).toContain('--force needs a reason');
    const forced = await ok(e, 'release.mass-tag', { from: 'zed-testing', to: 'zed-release', force: true, reason: 'tempest flake, checked by hand' });
    expect(forced.message).toContain('FORCED: tempest flake, checked by hand');
    const hist = (await e.query('releases.tag', { tag: 'zed-release' }, operator)) as { history: { reason: string | null }[] };
    expect(hist.history[0]!.reason).toBe('forced: tempest flake, checked by hand');

    // A build is tagged only into its own release; unknown tags are named.
    const bad = await e.dispatch({ name: 'tag.add', args: { tag: 'xena-testing', package: 'all' } }, operator);
    expect(bad.message).toMatch(/unknown tag "xena-testing".*\(zed, yoga\)/);
    const other = await e.dispatch({ name: 'tag.add', args: { tag: 'yoga-testing', package: 'pkg-a', nvr: 'pkg-a-1.0.0-1.el9' } }, operator);
    expect(other.ok).toBe(false);
    expect(other.message).toContain('pkg-a-1.0.0-1.el9 is a build of release zed, not yoga: it cannot be tagged into yoga-testing');
  }, 120_000);

  it('a missing or wrong GPG key publishes nothing', async () => {
    const fx = await createReleaseFixture([{ name: 'pkg-a' }], { signingKey: 'nobody@example.org' });
    const e = open(fx);
    await ok(e, 'release.branch', { release: 'zed' });
    await ok(e, 'release.build', { release: 'zed' });
    await ok(e, 'tag.add', { tag: 'zed-testing', package: 'pkg-a' });
    await ok(e, 'release.compose', { release: 'zed' });
    fx.turnGateGreen();
    await ok(e, 'release.gate', { release: 'zed' });
    await ok(e, 'release.mass-tag', { from: 'zed-testing', to: 'zed-release' });
    const sign = await e.dispatch({ name: 'release.sign', args: { release: 'zed' } }, operator);
    expect(sign.ok).toBe(false);
    expect(sign.message).toContain('signing key "nobody@example.org" has no secret key in');
    const pubr = await e.dispatch({ name: 'release.publish', args: { release: 'zed' } }, operator);
    expect(pubr.ok).toBe(false);
    expect(pubr.message).toContain('no signed compose');
    expect(existsSync(join(fx.dataDir, 'repos', 'releases', 'zed'))).toBe(false);
    expect(e.facts()['releases.zed.published']).toBe(false);
    expect(releasesOf(e).store.latestCompose('zed', 'signed')).toBeUndefined();
  }, 120_000);
});
