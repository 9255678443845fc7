import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openConsole, waitUntil } from '../test-support/console-harness.js';
import { createFixture, type Fixture } from '../test-support/fixture.js';
import { Engine } from '../engine/engine.js';
import { trunkOf } from '../engine/trunk/index.js';
import { alertsOf } from '../engine/alerts/index.js';

// Colour on (as in a real terminal) before ink's chalk loads, so dimming can be seen.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '3';
});

const KEY = { up: '\x1b[A', down: '\x1b[B', enter: '\r', esc: '\x1b', right: '\x1b[C', left: '\x1b[D', pageDown: '\x1b[6~' };
let last = () => '';
const until = (check: () => boolean, what: string, ms?: number) => waitUntil(check, what, () => last(), ms);

/** What a 3 a.m. operator needs from the console when something is wrong: nothing cut, nothing stale. */
describe('the console tells the truth and cuts nothing', () => {
  let fx: Fixture;
  let engine: Engine;

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'python-demo-keystoneclient-with-a-long-name' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
    await fx.commit('pkg-a', 'break');
    await trunkOf(engine).trunk.runPass();
  });
  afterAll(() => engine?.close());

  function open(options: Parameters<typeof openConsole>[1] = {}) {
    const h = openConsole(engine, { size: { columns: 80, rows: 24 }, ...options });
    last = h.frame;
    return h;
  }

  it('the failure line of a build log can be read whole: → scrolls it sideways, w wraps it; / searches, n/N move', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press(KEY.enter);
    await until(() => frame().includes('Log: pkg-a') && frame().includes('complete'), 'the failed build log');
    await press('/', ...'unexpected', KEY.enter);
    await until(() => /search\s+"unexpected":\s+[1-9]\d* lines/.test(frame()), 'the search');
    const line = frame()
      .split('\n')
      .find((l) => /syntax error/i.test(l))!;
    expect(line.length).toBeLessThanOrEqual(80);
    // The shell's message runs past 80 columns: wrapped, every word of it is on screen.
    await press('w');
    await until(() => frame().includes('wrapped (w unwraps)'), 'wrapped');
    expect(frame()).toMatch(/unexpected/);
    await press('w', KEY.right);
    await until(() => frame().includes('from column 21'), 'sideways');
    await press(KEY.left);
    await until(() => !frame().includes('from column'), 'back to the left');
    await press('n');
    expect(frame()).toMatch(/Syntax error|syntax error/);
    await press('/', '\x15', ...'no-such-text-anywhere', KEY.enter);
    await until(() => frame().includes('"no-such-text-anywhere" is not in the log'), 'not found');
    app.unmount();
  });

  it('a message belongs to its view and fades at the next key; a long one wraps instead of being cut', async () => {
    const { app, store, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    const long = `pkg-a cannot be rechecked now because ${'a reason this long '.repeat(6)}ends here`;
    store.notify(false, long);
    await until(() => /ends\s+here/.test(frame()), 'the whole message');
    expect(frame()).toContain('✗ pkg-a cannot be rechecked now');
    await press('2');
    await until(() => frame().includes('[2 CI pool]'), 'another pane');
    expect(frame()).not.toMatch(/ends\s+here/);
    await press('1');
    store.notify(true, 'trunk.pause: trunk loop paused');
    await until(() => frame().includes('✓ trunk.pause: trunk loop paused'), 'a message');
    await press('j');
    await until(() => !frame().includes('trunk loop paused'), 'faded at the next key');
    app.unmount();
  });

  it('y copies the selected row’s hash; a cut cell is shown in full under the lists', async () => {
    const copied: string[] = [];
    const { app, frame, press } = open({ copy: (t) => copied.push(t) });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('y');
    await until(() => copied.length === 1, 'a copy');
    expect(copied[0]).toMatch(/^[0-9a-f]{40}$/);
    expect(frame()).toContain(`copied ${copied[0]}`);
    // The long package name does not fit the PACKAGE column: selected, it is spelled out in full.
    await press('l');
    for (let i = 0; i < 5 && !frame().includes('› package: python-demo-keystoneclient-with-a-long-name'); i++) await press('j');
    expect(frame()).toContain('› package: python-demo-keystoneclient-with-a-long-name');
    app.unmount();
  });

  it('the selected build says what changed: its commit subject and author, and the distgit commit it was built with', async () => {
    const { app, frame } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    // The newest build, selected first, is pkg-a's broken commit.
    expect(frame()).toMatch(/^> ✗ FAILED +pkg-a /m);
    expect(frame()).toMatch(/^› [0-9a-f]{8} “break change \d+” — rdo-console · distgit [0-9a-f]{8}/m);
    app.unmount();
  });

  it('the header counts the alerts; ! lists each with its reason and Enter goes to the row it is about', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    expect(frame()).toContain('⚠ 1 alert (!)');
    await press('!');
    await until(() => frame().includes('Alerts ('), 'the alert list');
    expect(frame()).toContain('✗ CRITICAL pkg-a: build failing  [trunk]');
    await press(KEY.enter);
    await until(() => frame().includes('Packages:'), 'back on the trunk pane');
    expect(frame()).not.toContain('Alerts (');
    // The packages list has the focus, on pkg-a's row.
    expect(frame()).toContain('▸ Packages:');
    expect(frame()).toMatch(/^> pkg-a +✗ FAILED/m);
    app.unmount();
  });

  it('s in the alert list silences the top alert with a duration and a comment (acknowledge); Esc cancels', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('!');
    await until(() => frame().includes('Alerts ('), 'the alert list');
    expect(frame()).toMatch(/✗ CRITICAL pkg-a: build failing {2}\[trunk\] · firing for/);
    await press('s');
    await until(() => frame().includes('silence “pkg-a: build failing” for:'), 'the silence prompt');
    await press(KEY.esc);
    await until(() => frame().includes('silence: cancelled'), 'cancelled');
    await press('s', ...'2h', KEY.enter);
    await until(() => frame().includes('type a duration then a comment'), 'a comment is required');
    await press(...' on it, see ticket 42', KEY.enter);
    await until(() => frame().includes('⊘ SILENCED'), 'the alert silenced');
    const flat = frame()
      .replace(/\x1b\[[0-9;]*m/g, '')
      .replace(/\s+/g, ' ');
    expect(flat).toMatch(/✓ silence.add: silence s-\d+ until \S+ matches 1 alert\(s\): alertname=PackageFailing,severity=critical,package=pkg-a/);
    expect(flat).toMatch(/silenced by s-\d+ until \d\d:\d\d:\d\d \(tester: on it, see ticket 42\)/);
    expect(frame()).toContain('✓ 0 alerts (+1 silenced)');
    const id = alertsOf(engine).silences()[0]!.id;
    expect((await engine.dispatch({ name: 'silence.expire', args: { id } }, { name: 'test', role: 'operator' })).ok).toBe(true);
    await until(() => frame().includes('⚠ 1 alert (!)'), 'firing again once the silence expired');
    expect(frame()).not.toContain('⊘ SILENCED');
    app.unmount();
  });

  it('help shows each group once and each key once in it; PgDn moves a whole page', async () => {
    const { app, frame, press } = open({ size: { columns: 80, rows: 60 } });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('?');
    await until(() => frame().includes('Help ·'), 'help');
    const f = frame();
    expect(f.match(/^Everywhere$/gm)).toHaveLength(1);
    expect(f.match(/^Lists and views$/gm)).toHaveLength(1);
    expect(f.match(/^ {2}Esc /gm)).toHaveLength(1);
    expect(f).toMatch(/Esc\s+Clear the filter; Back to the pane/);
    await press(KEY.esc);
    await until(() => frame().includes('Packages:'), 'back');
    app.unmount();
  });

  it('an Esc followed at once by a key is Esc, then the key', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('?');
    await until(() => frame().includes('Help ·'), 'help');
    await press('\x1b2');
    await until(() => frame().includes('[2 CI pool]'), 'Esc then 2');
    expect(frame()).not.toContain('Help ·');
    app.unmount();
  });

  it('a console that lost its engine says since when its data is (dimmed), never shows it as live', async () => {
    const { app, store, frame } = open({ color: true });
    await until(() => frame().includes('● live'), 'live');
    expect(frame()).not.toContain('\x1b[2m✗ FAILED');
    store.setState({ connection: { state: 'connecting', attempt: 1, error: 'daemon gone' } });
    await until(() => /data as of \d\d:\d\d:\d\d/.test(frame()), 'as of');
    expect(frame()).not.toContain('● live');
    // Everything under the header is dimmed: the status words of the rows too.
    expect(frame()).toMatch(/\x1b\[2m[^\n]*✗ FAILED/);
    app.unmount();
  });

  it('the palette matches anywhere in a name; ↑/↓ select and Enter runs the selected one; Ctrl-U empties the line', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press(':', ...'rech');
    await until(() => frame().includes(':rech'), 'typed');
    expect(frame()).toMatch(/^> trunk\.recheck/m);
    // The selected command in full under the list: its arguments and its description.
    expect(frame()).toMatch(/^› trunk\.recheck package · \S/m);
    await press('\x15', ...'pause');
    await until(() => frame().includes(':pause█'), 'retyped');
    expect(frame()).toMatch(/^> loop\.pause/m);
    expect(frame()).toMatch(/^ {2}trunk\.pause/m);
    await press(KEY.down);
    await until(() => /^> trunk\.pause/m.test(frame()), 'selected');
    await press(KEY.enter);
    await until(() => frame().includes('✓ trunk.pause: trunk loop paused'), 'ran the selected command');
    expect(engine.loops.isPaused('trunk')).toBe(true);
    await press(':', ...'trunk.resume', KEY.enter);
    await until(() => !engine.loops.isPaused('trunk'), 'resumed');
    app.unmount();
  });
});
