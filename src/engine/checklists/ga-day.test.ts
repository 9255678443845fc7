import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { openDemoEngine } from '../../test-support/demo-engine.js';
import { createDueLateTags } from '../demo/index.js';
import { releasesArea, releasesOf } from '../releases/index.js';
import { checklistsOf } from './index.js';
import type { RunView } from './view.js';

const rm = { name: 'rosa', role: 'operator' as const };
const ci = { name: 'cid', role: 'operator' as const };

describe('the shipped GA-day checklist on the demo (demo ga → signed, published release repository)', () => {
  let demo: Awaited<ReturnType<typeof openDemoEngine>> | null = null;
  afterAll(() => demo?.close());

  it('walks every step from T0; the late packages are picked up by the loop; the report says so', async () => {
    demo = await openDemoEngine('rdo-ga-day-');
    const { engine: e, config, root } = demo;
    const dataDir = config.dataDir;
    const ga = await e.dispatch({ name: 'demo.ga', args: { lateMinutes: 5 } }, rm);
    expect(ga.ok, ga.message).toBe(true);

    const started = await e.dispatch({ name: 'checklist.start', args: { checklist: 'ga-day', release: 'zed' } }, rm);
    expect(started.ok, started.message).toBe(true);
    const run = (started.data as RunView).id;
    const step = async (id: string, who = rm, extra: Record<string, unknown> = {}) => {
      const r = await e.dispatch({ name: 'checklist.step', args: { run, step: id, ...extra } }, who);
      expect(r.ok, `${id}: ${r.message}`).toBe(true);
      return r;
    };
    const stepOf = async (id: string) => ((await e.query('checklist.status', { run }, rm)) as RunView).steps.find((s) => s.id === id)!;
    const until = async (id: string, state: string) => {
      const end = Date.now() + 120_000;
      for (;;) {
        checklistsOf(e).tick();
        const s = await stepOf(id);
        if (s.state === state) return s;
        if (Date.now() > end) throw new Error(`step ${id} is ${s.state} (${s.result}), not ${state}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    // Started without T0: marking the announcement is T0.
    const before = Date.now();
    expect((await step('announce', rm, { notes: 'zed GA on openstack-announce' })).message).toMatch(/^announce: marked done; T0 set to \d\d:\d\d UTC/);
    const marked = (await e.query('checklist.status', { run }, rm)) as RunView;
    expect(marked).toMatchObject({ t0Entered: true, t0Step: 'announce' });
    expect(marked.t0).toBeGreaterThanOrEqual(before);
    await step('build');
    expect((await until('build', 'done')).result).toMatch(/^release zed: 12 built, 0 up to date, 0 failed/);
    // The two late packages have only their rc built: the check waits and names them.
    checklistsOf(e).tick();
    const waiting = await stepOf('ga-builds');
    expect(waiting).toMatchObject({ state: 'running', status: 'checking' });
    expect(waiting.result).toContain('openstack-demo-neutron, python-demo-tempest');

    // Their final tags appear upstream; the late-builds loop builds them; nobody runs a command or restarts.
    expect(await createDueLateTags(config, Date.now() + 6 * 60_000)).toHaveLength(2);
    const loop = releasesArea.loops.find((l) => l.name === 'releases.late-builds')!;
    await loop.tick({ area: releasesOf(e), engine: e, log: e.log });
    await until('ga-builds', 'done');

    await step('testing');
    await until('testing', 'done');
    await step('compose');
    await until('closure', 'done');
    await step('gate', ci);
    expect((await until('gate', 'done')).result).toMatch(/^gate of compose #\d+: pass/);
    const unconfirmed = await e.dispatch({ name: 'checklist.step', args: { run, step: 'mass-tag' } }, rm);
    expect(unconfirmed).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(unconfirmed.message).toMatch(/confirm/);
    await step('mass-tag', rm, { confirmed: true });
    await until('mass-tag', 'done');
    await step('sign');
    await until('sign', 'done');
    await step('publish', rm, { confirmed: true });
    await until('publish', 'done');
    await step('announce-ga', rm, { notes: 'mail to rdo-list' });

    const done = (await e.query('checklist.status', { run }, rm)) as RunView;
    expect(done.state).toBe('done');
    const report = readFileSync(done.reportPath!, 'utf8');
    expect(report).toContain('# GA day: zed (run');
    expect(report).toContain('(the upstream GA announcement, when step announce was marked)');
    expect(report).toMatch(
      /- openstack-demo-neutron-23\.2\.0-1\.el9: its upstream tag came late; built and tagged into zed-candidate by the late-builds loop at \S+, \d+:\d\d:\d\d after T0/,
    );
    expect(report).toMatch(/- python-demo-tempest-36\.1\.0-1\.el9: its upstream tag came late/);
    expect(report).toMatch(/\| 7 \| gate: Run the stable promotion CI jobs \(critical\) \| engine \| done: gate of compose #\d+: pass .*\| cid \|/);
    expect(report).toMatch(/- Ocata 2 h GA → stable builds and CI done: took \d+:\d\d \(ahead by \d+:\d\d\)/);
    expect(report).toMatch(/- This run: 0:\d\d:\d\d from T0 to the last step/);

    // What was published: every package's GA build (the late ones too), signed with the key published beside it.
    const repo = join(dataDir, 'repos', 'releases', 'zed');
    const rpms = readdirSync(repo).filter((f) => f.endsWith('.rpm'));
    expect(rpms).toHaveLength(24);
    expect(rpms).toContain('openstack-demo-neutron-23.2.0-1.el9.noarch.rpm');
    const db = join(root, 'rpmdb');
    await execa('rpmkeys', ['--dbpath', db, '--import', join(repo, 'RPM-GPG-KEY-rdo-zed')]);
    const checked = await execa('rpmkeys', ['--dbpath', db, '--checksig', ...rpms.map((f) => join(repo, f))]);
    for (const line of checked.stdout.split('\n')) expect(line).toMatch(/: digests signatures OK$/);
    expect(readFileSync(join(dataDir, 'repos', 'releases', 'zed.repo'), 'utf8')).toContain('gpgcheck=1');
  }, 300_000);
});
