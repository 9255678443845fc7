import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { readLink } from './links.js';
import { trunkOf } from './index.js';

describe('rsyncdest: each pass copies what it published to the public side, repos first, then links', () => {
  let fx: Fixture;
  let engine: Engine;
  const dest = join(mkdtempSync(join(tmpdir(), 'rdo-rsync-')), 'public');
  const events = (type: string) => engine.events.read(0, 100_000).filter((e) => e.type === type);

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }], { rsyncdest: dest });
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
  });
  afterAll(() => engine?.close());

  it('copies the hashed repos, then current and consistent as links that resolve there, and the status report', async () => {
    await trunkOf(engine).trunk.runPass();
    const current = readLink(engine.paths.reposDir, 'current')!;
    expect(readlinkSync(join(dest, 'current'))).toBe(current);
    expect(existsSync(join(dest, 'current', 'repodata', 'repomd.xml'))).toBe(true);
    expect(existsSync(join(dest, 'consistent', 'delorean.repo'))).toBe(true);
    expect(existsSync(join(dest, 'status_report.csv'))).toBe(true);
    expect(events('rsync.done').at(-1)!.payload).toMatchObject({ dest, repos: 2 });
  }, 60_000);

  it('a failed copy is an event, not a failed build, and the next pass copies it', async () => {
    rmSync(dest, { recursive: true, force: true });
    writeFileSync(dest, 'not a directory');
    const hash = await fx.commit('pkg-a');
    await trunkOf(engine).trunk.runPass();
    expect(trunkOf(engine).store.lastCommit('pkg-a')).toMatchObject({ commit_hash: hash, state: 'SUCCESS' });
    expect(events('rsync.failed').at(-1)!.payload).toMatchObject({ dest, pending: 1 });
    const current = readLink(engine.paths.reposDir, 'current')!;
    expect(current).toContain(hash);

    rmSync(dest, { force: true });
    await trunkOf(engine).trunk.runPass();
    expect(readlinkSync(join(dest, 'current'))).toBe(current);
    expect(existsSync(join(dest, current, 'repodata', 'repomd.xml'))).toBe(true);
    expect(events('rsync.done').at(-1)!.payload).toMatchObject({ repos: 1 });
  }, 60_000);
});
