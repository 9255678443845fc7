// Backup benchmark: the first restic backup of a generated 1M-commit store, then a second one after 1 % of the
// rows changed (the newest 1 %, as the trunk changes rows; then a scattered 1 %). Prints the times and the data
// each added (target: the second adds <= 10 % of the first).
// Usage: npm run bench -- backup [COMMITS]   (default 1,000,000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../dist/src/engine/engine.js';
import { backupsOf } from '../dist/src/engine/backups/index.js';
import { generateStore } from './gen-store.js';

const commits = Number(process.argv[2] ?? 1_000_000);
const work = mkdtempSync(join(tmpdir(), 'rdo-bench-backup-'));
const mib = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
try {
  let t = performance.now();
  const { configDir, dataDir } = generateStore(work, commits, 400);
  console.log(`store of ${commits.toLocaleString('en')} commits generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const engine = Engine.open({ configDir, dataDir });
  engine.takeLock();
  const backups = backupsOf(engine);

  const timedBackup = async (what) => {
    const start = performance.now();
    const b = await backups.backupNow();
    console.log(`${what}: ${((performance.now() - start) / 1000).toFixed(1)} s, ${mib(b.totalBytes)} processed, ${mib(b.dataAdded)} added`);
    return b;
  };
  const first = await timedBackup('first backup');

  // 1 % of the rows change, as the trunk changes them: the newest builds get a new status and release.
  const recent = engine.db
    .prepare("UPDATE builds SET release = release || '.b', finished_at = finished_at + 1 WHERE id > (SELECT max(id) FROM builds) - ?")
    .run(Math.round(commits / 100)).changes;
  const second = await timedBackup(`second backup after the newest ${recent.toLocaleString('en')} builds changed`);
  // The adversarial case: 1 % of rows scattered over the whole table (every 100th build).
  const scattered = engine.db.prepare("UPDATE builds SET release = release || '.s' WHERE id % 100 = 0").run().changes;
  const third = await timedBackup(`third backup after ${scattered.toLocaleString('en')} scattered builds changed`);
  for (const [what, b] of [
    ['newest 1 %', second],
    ['scattered 1 %', third],
  ]) {
    const ratio = b.dataAdded / first.dataAdded;
    console.log(`data added, ${what} / first: ${(ratio * 100).toFixed(1)} % (target <= 10 %) ${ratio <= 0.1 ? 'ok' : 'OVER TARGET'}`);
  }
  await engine.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
