// Generates a large engine store for benchmarks: PACKAGES packages, COMMITS commits (one build each),
// with a config directory listing those packages. Usage: node bench/gen-store.js DIR [COMMITS] [PACKAGES]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { openDb } from '../dist/src/store/db/db.js';
import { engineMigrations } from '../dist/src/engine/engine.js';

export function generateStore(dir, commits = 100_000, packages = 400) {
  const configDir = join(dir, 'config');
  const dataDir = join(dir, 'data');
  mkdirSync(configDir, { recursive: true });
  mkdirSync(join(dataDir, 'repos'), { recursive: true });
  const names = Array.from({ length: packages }, (_, i) => `python-bench-${String(i).padStart(4, '0')}`);
  writeFileSync(
    join(configDir, 'rdoinfo.yml'),
    `releases:\n  - name: zed\npackage-configs:\n  bench:\n    upstream: "{datadir}/upstream/{name}"\n    upstream-branch: master\n    distgit: "{datadir}/distgit/{name}"\n    distgit-branch: rpm-master\n    maintainers: [bench@example.org]\npackages:\n${names.map((n, i) => `  - name: ${n}\n    conf: bench\n    component: c${i % 12}\n`).join('')}`,
  );
  writeFileSync(join(configDir, 'trunk.yml'), 'trunk:\n  workers: 2\n  run-interval: 86400\ndemo:\n  activity: false\n');
  const db = openDb(join(dataDir, 'trunk.db'), { migrations: engineMigrations() });
  db.pragma('cache_size = -1000000'); // 1 GB: random-keyed index inserts stay in memory
  const hash = (s) => createHash('sha1').update(s).digest('hex');
  const start = Date.now() - commits * 60_000;
  db.transaction(() => {
    const pkg = db.prepare("INSERT INTO packages VALUES (?, ?, ?, '', 'master', '', 'rpm-master', '[]')");
    for (const [i, n] of names.entries()) pkg.run(n, n, `c${i % 12}`);
    const commit = db.prepare(
      "INSERT INTO commits (package, commit_hash, distro_hash, commit_branch, dt_commit, dt_distro, subject, author, state, attempts, queued_at) VALUES (?, ?, ?, 'master', ?, ?, ?, 'bench', ?, 1, ?)",
    );
    const build = db.prepare(
      'INSERT INTO builds (commit_id, package, attempt, status, worker, started_at, finished_at, version, release, nvr, rpms) VALUES (?, ?, 1, ?, 1, ?, ?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < commits; i++) {
      const name = names[i % packages];
      const t = start + i * 60_000;
      const status = i % 97 === 0 ? 'FAILED' : 'SUCCESS';
      const h = hash(`c${i}`);
      const { lastInsertRowid } = commit.run(name, h, hash(`d${i % packages}`), t, t, `change ${i}`, status, t);
      const release = `0.${i}.${h.slice(0, 7)}`;
      build.run(lastInsertRowid, name, status, t, t + 30_000, '1.0.0', release, `${name}-1.0.0-${release}.el9`, '[]');
    }
    const event = db.prepare('INSERT INTO events (ts, type, actor, payload) VALUES (?, ?, ?, ?)');
    event.run(Date.now(), 'loop.paused', 'bench', JSON.stringify({ loop: 'trunk' }));
  })();
  db.close();
  return { configDir, dataDir, names };
}

/**
 * Adds what the pipeline would have recorded to a generated store: a hashed repo row for every SUCCESS build
 * (every 10th consistent), VOTES votes of four jobs on the newest repos, PROMOTIONS promotions over three labels.
 * Set-based SQL in one transaction: a million rows in seconds.
 */
export function generatePipelineData(dataDir, { votes = 1_000_000, promotions = 10_000 } = {}) {
  const db = openDb(join(dataDir, 'trunk.db'));
  db.pragma('cache_size = -1000000');
  const jobs = ['repoclosure', 'rpm-sanity', 'install-check', 'tempest'];
  const labels = ['tripleo-ci-testing', 'current-tripleo', 'current-tripleo-rdo'];
  const path = `substr(c.commit_hash, 1, 2) || '/' || substr(c.commit_hash, 3, 2) || '/' || c.commit_hash || '_' || substr(c.distro_hash, 1, 8)`;
  db.transaction(() => {
    db.exec(`INSERT INTO repos (path, commit_id, build_id, created_at, consistent)
      SELECT ${path}, c.id, b.id, b.finished_at, c.id % 10 = 0 FROM commits c JOIN builds b ON b.commit_id = c.id WHERE b.status = 'SUCCESS'`);
    const perRepo = jobs.length;
    db.prepare(
      `INSERT INTO votes (commit_hash, distro_hash, extended_hash, aggregate_hash, ci_name, ci_url, ci_vote, ci_in_progress, notes, user, timestamp)
      SELECT c.commit_hash, c.distro_hash, NULL, NULL, j.value, 'https://ci.example.org/' || c.id || '/' || (j.key),
        (c.id + j.key) % 10 != 0, 0, '', 'ci', r.created_at + (j.key + 1) * 600000
      FROM (SELECT * FROM commits WHERE state = 'SUCCESS' ORDER BY id DESC LIMIT @repos) c
      JOIN repos r ON r.commit_id = c.id CROSS JOIN json_each(@jobs) j`,
    ).run({ repos: Math.ceil(votes / perRepo), jobs: JSON.stringify(jobs) });
    db.prepare(`DELETE FROM votes WHERE id > ?`).run(votes);
    db.prepare(
      `INSERT INTO promotions (commit_hash, distro_hash, extended_hash, repo_path, promote_name, previous_path, aggregate_hash, user, timestamp)
      SELECT c.commit_hash, c.distro_hash, NULL, r.path, json_extract(@labels, '$[' || (c.id % 3) || ']'), NULL, NULL, 'promoter', r.created_at + 3600000
      FROM (SELECT * FROM commits WHERE state = 'SUCCESS' ORDER BY id DESC LIMIT @n) c JOIN repos r ON r.commit_id = c.id ORDER BY c.id`,
    ).run({ n: promotions, labels: JSON.stringify(labels) });
  })();
  db.close();
  return { jobs, labels };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [dir, commits, packages] = process.argv.slice(2);
  const t = performance.now();
  generateStore(resolve(dir ?? 'bench-store'), Number(commits ?? 100_000), Number(packages ?? 400));
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
