// Trunk benchmark: N demo builds through the engine, against the same rpmbuild and createrepo_c commands run
// back to back by a plain script with the same parallelism. Prints both times and their ratio (target <= 1.15).
import { execFile } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Engine } from '../dist/src/engine/engine.js';
import { trunkOf } from '../dist/src/engine/trunk/index.js';
import { loadConfig } from '../dist/src/engine/config/load.js';
import { demoCommit, demoInit } from '../dist/src/engine/demo/index.js';
import { PackageSources } from '../dist/src/engine/trunk/sources.js';
import { rewriteSpec } from '../dist/src/engine/trunk/version.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'rdo-bench-trunk-'));
const dataDir = join(work, 'data');
const configDir = join(root, 'config');
const config = loadConfig(configDir, dataDir);
const workers = config.trunk.workers;

await demoInit(config);
const engine = Engine.open({ configDir, dataDir });
engine.takeLock();
let engineMs = 0;
let passMs = 0;
let firstBuild = 0;
engine.events.subscribe((e) => {
  if (e.type === 'build.started' && firstBuild === 0) firstBuild = performance.now();
});
const timed = async () => {
  firstBuild = 0;
  const t = performance.now();
  const r = await trunkOf(engine).trunk.runPass();
  const end = performance.now();
  passMs += end - t;
  engineMs += end - firstBuild;
  return r;
};
await timed();
for (const p of config.packages) await demoCommit(config, { package: p.name });
await timed();

const builds = engine.db
  .prepare(
    "SELECT b.id, b.version, b.release, c.package, c.commit_hash, c.distro_hash FROM builds b JOIN commits c ON c.id = b.commit_id WHERE b.status = 'SUCCESS' ORDER BY b.id",
  )
  .all();
await engine.close();

// The plain script runs, per build, the same git archive, git show, rpmbuild and createrepo_c commands.
const plain = join(work, 'plain');
const jobs = builds.map((b) => ({ ...b, dir: join(plain, `build-${b.id}`), spec: join(plain, `build-${b.id}`, 'SPECS', `${b.package}.spec`) }));
const prepare = async (job) => {
  const sources = new PackageSources(
    config.packages.find((p) => p.name === job.package),
    join(dataDir, 'sources'),
  );
  for (const d of ['SOURCES', 'SPECS', 'BUILD', 'RPMS', 'SRPMS', 'BUILDROOT']) mkdirSync(join(job.dir, d), { recursive: true });
  await sources.archive(job.commit_hash, `${job.package}-${job.version}`, join(job.dir, 'SOURCES', `${job.package}-${job.version}.tar.gz`));
  writeFileSync(job.spec, rewriteSpec((await sources.spec(job.distro_hash)).text, job.version, job.release));
};

const latest = new Map();
let publishing = Promise.resolve();
let n = 0;
const publish = (job) => {
  publishing = publishing.then(async () => {
    const rpms = listRpms(job.dir);
    latest.set(job.package, rpms);
    const repo = join(plain, 'repos', String(n++));
    mkdirSync(repo, { recursive: true });
    for (const files of latest.values()) for (const f of files) linkSync(f, join(repo, basename(f)));
    copyFileSync(job.spec, join(repo, 'build.log'));
    await run('createrepo_c', ['--quiet', '--no-database', '.'], { cwd: repo });
  });
  return publishing;
};
const t0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: workers }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      await prepare(job);
      await run(
        'rpmbuild',
        ['-ba', '--nodeps', '--define', `_topdir ${job.dir}`, '--define', `dist .${config.trunk.distro}`, '--define', `_tmppath ${job.dir}`, job.spec],
        { cwd: job.dir, maxBuffer: 64 << 20 },
      );
      await publish(job);
    }
  }),
);
await publishing;
const plainMs = performance.now() - t0;

function listRpms(dir) {
  const out = [];
  for (const sub of ['RPMS', 'SRPMS'])
    for (const e of readdirSync(join(dir, sub), { recursive: true })) if (String(e).endsWith('.rpm')) out.push(join(dir, sub, String(e)));
  return out;
}

console.log(`builds:          ${builds.length} (workers ${workers})`);
console.log(
  `engine:          ${(engineMs / 1000).toFixed(2)} s  (first build started to last repo published: git archive, rpmbuild, publication, links, events)`,
);
console.log(`plain script:    ${(plainMs / 1000).toFixed(2)} s  (the same git archive, rpmbuild and createrepo_c commands, back to back)`);
console.log(`engine passes:   ${(passMs / 1000).toFixed(2)} s  (including discovery: git clone/fetch of ${config.packages.length * 2} repositories, twice)`);
console.log(`ratio:           ${(engineMs / plainMs).toFixed(3)}  (target <= 1.15)`);
rmSync(work, { recursive: true, force: true });
