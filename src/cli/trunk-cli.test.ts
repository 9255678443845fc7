import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFixture } from '../test-support/fixture.js';
import { BOOT_ID } from '../engine/lock.js';
import { dataPaths } from '../engine/paths.js';
import { trunkPurge } from './trunk-cli.js';

describe('rdo-console trunk purge', () => {
  it('a real purge takes the trunk lock: refused with the holder pid while another process drives the data directory', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const o = { config: fx.configDir, data: fx.dataDir, olderThan: '14' };
    const lockFile = dataPaths(fx.dataDir).lockFile;
    mkdirSync(fx.dataDir, { recursive: true });
    writeFileSync(lockFile, `${process.ppid} ${BOOT_ID}`);
    const lines: string[] = [];
    expect(await trunkPurge(o, (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([
      `rdo-console: another rdo-console (pid ${process.ppid}) is driving ${fx.dataDir}; run the purge there (the console's :trunk.purge 14) or stop it first`,
    ]);
    // A dry run only reads: it needs no lock.
    lines.length = 0;
    expect(await trunkPurge({ ...o, dryRun: true }, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['would purge 0 repos, kept 0']);

    // With nobody driving it, the purge takes the lock and gives it back.
    writeFileSync(lockFile, `999999999 ${BOOT_ID}`);
    lines.length = 0;
    expect(await trunkPurge(o, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['purged 0 repos, kept 0']);
    expect(existsSync(lockFile)).toBe(false);
  });
});
