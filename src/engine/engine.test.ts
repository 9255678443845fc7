import { describe, expect, it } from 'vitest';
import { createFixture } from '../test-support/fixture.js';
import { Engine } from './engine.js';

describe('Engine.dispatch', () => {
  it('audits every command with who, what and the result; viewers and unknown commands are refused', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    try {
      expect(await engine.dispatch({ name: 'trunk.pause' }, { name: 'alice', role: 'viewer' })).toMatchObject({
        ok: false,
        message: expect.stringMatching(/viewer/),
        error: { kind: 'forbidden' },
      });
      expect(await engine.dispatch({ name: 'trunk.explode' }, { name: 'alice', role: 'operator' })).toMatchObject({
        ok: false,
        message: 'unknown command "trunk.explode"',
        error: { kind: 'bad-request' },
      });
      expect(await engine.dispatch({ name: 'trunk.recheck', args: { package: 7 } }, { name: 'alice', role: 'operator' })).toMatchObject({
        ok: false,
        message: 'trunk.recheck: package must be a string (got 7)',
        error: { kind: 'bad-request' },
      });
      expect(await engine.dispatch({ name: 'trunk.pause' }, { name: 'bob', role: 'operator' })).toMatchObject({ ok: true });
      const audit = engine.events.read(0).filter((e) => e.type === 'command');
      expect(audit.map((e) => [e.actor, e.payload.name, e.payload.ok])).toEqual([
        ['alice', 'trunk.pause', false],
        ['alice', 'trunk.explode', false],
        ['alice', 'trunk.recheck', false],
        ['bob', 'trunk.pause', true],
      ]);
    } finally {
      await engine.close();
    }
    const reopened = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    try {
      expect(reopened.loops.paused()).toEqual(['trunk']);
      await reopened.dispatch({ name: 'trunk.resume' }, { name: 'bob', role: 'operator' });
      expect(reopened.loops.paused().length).toBe(0);
    } finally {
      await reopened.close();
    }
  });
});
