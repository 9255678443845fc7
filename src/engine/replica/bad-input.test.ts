import { describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { REPLICATION_TOKEN, replicaDataDir, writePairOperators } from '../../test-support/replica-pair.js';
import { serve } from '../api/serve.js';
import { Engine } from '../engine.js';

describe('replica: bad input', () => {
  it('a primary URL that does not answer, a malformed URL, a short token, and a primary data directory asked to follow', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writePairOperators(fx);
    const lines: string[] = [];
    const run = (dataDir: string, replicaOf: string, token = REPLICATION_TOKEN) =>
      serve({ configDir: fx.configDir, dataDir, listen: '127.0.0.1:0', replicaOf, token, log: (l) => lines.push(l) });
    expect(await run(replicaDataDir(fx, 'r1'), 'http://127.0.0.1:1')).toBe(1);
    expect(lines.at(-1)).toMatch(/^rdo-console: primary http:\/\/127\.0\.0\.1:1 does not answer: /);
    expect(lines.join('\n')).not.toContain(REPLICATION_TOKEN);
    await expect(run(replicaDataDir(fx, 'r2'), 'ftp://somewhere')).rejects.toThrow('--replica-of must be the primary\'s http(s) URL (got "ftp://somewhere")');
    await expect(run(replicaDataDir(fx, 'r3'), 'http://127.0.0.1:1', 'short')).rejects.toThrow('--token must be 8 to 512 characters');
    // A data directory that is a primary with history follows nothing until demoted.
    const e = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    e.events.append('loop.paused', { loop: 'trunk' }, 'test');
    await e.close();
    expect(() => Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir, follows: 'http://127.0.0.1:1' })).toThrow(
      /holds a primary \(generation 1\); it follows http:\/\/127\.0\.0\.1:1 only once demoted: rdo-console replica demote --follow/,
    );
  }, 60_000);
});
