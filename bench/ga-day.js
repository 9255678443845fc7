// GA-day benchmark: a synthetic release of BENCH_PACKAGES (default 400) demo-like packages, from T0 (the upstream
// GA tags appear, two of them late) to a signed, published release repository, through every engine step and gate
// of config/checklists/ga-day.yml in order (manual steps count as instant). Branching is done before T0, untimed.
// Prints the machine time of each step, the total and its ratio to Ocata's 2 hours (target: <= 15 minutes).
// Needs a build (npm run build) for dist/.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../dist/src/engine/config/load.js';
import { createDueLateTags, demoGa, demoInit } from '../dist/src/engine/demo/index.js';
import { Engine } from '../dist/src/engine/engine.js';
import { buildText } from '../dist/src/engine/releases/cli-text.js';
import { releasesOf } from '../dist/src/engine/releases/index.js';

const N = Number(process.env.BENCH_PACKAGES ?? 400);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'rdo-bench-ga-'));
const configDir = join(work, 'config');
const dataDir = join(work, 'data');
cpSync(join(root, 'config'), configDir, { recursive: true });
rmSync(join(configDir, 'maintenance.yml'), { force: true });
const names = Array.from({ length: N }, (_, i) => `python-bench-${String(i).padStart(3, '0')}`);
writeFileSync(
  join(configDir, 'rdoinfo.yml'),
  `releases:
  - name: zed
    branch: master
    distro: el9
    status: development
    distgit-branch: zed-rdo
package-configs:
  demo:
    upstream: "{datadir}/demo/upstream/{project}"
    upstream-branch: master
    distgit: "{datadir}/demo/distgit/{name}"
    distgit-branch: rpm-master
    maintainers: [bench@example.org]
    tags: [zed]
packages:
${names.map((n) => `  - name: ${n}\n    project: ${n.replace('python-', '')}\n    conf: demo\n    component: bench\n`).join('')}`,
);
writeFileSync(join(configDir, 'trunk.yml'), 'trunk:\n  workers: 2\n  baseurl: http://127.0.0.1:1/repos\n');

const config = loadConfig(configDir, dataDir);
const operator = { name: 'bench', role: 'operator' };
const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`;

let t = performance.now();
await demoInit(config);
console.log(`setup: demo init of ${N} packages (${N * 2} repositories, a throwaway signing key) in ${fmt(performance.now() - t)}`);
const engine = Engine.open({ configDir, dataDir });
engine.takeLock();
const run = async (name, args) => {
  const r = await engine.dispatch({ name, args }, operator);
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  return r;
};
t = performance.now();
await run('release.branch', { release: 'zed' });
console.log(`before T0: release.branch (${N} distgit branches) in ${fmt(performance.now() - t)}`);

const steps = [];
const step = async (id, what) => {
  const s = performance.now();
  const detail = await what();
  steps.push({ id, ms: performance.now() - s, detail });
};
const t0 = performance.now();
await step('announce (demo ga tags the upstreams: the demo, not the engine)', async () => {
  const ga = await demoGa(config, { late: 2, lateMinutes: 0 });
  return `${ga.tagged.length} tagged, ${ga.late.length} late`;
});
await step('build (release.build)', async () => (await run('release.build', { release: 'zed' })).message.split('\n')[0]);
await step('ga-builds (late tags appear, picked up)', async () => {
  const late = await createDueLateTags(config);
  // What the releases.late-builds loop does on its next tick: fetch and build the packages still missing.
  const missing = releasesOf(engine).missing('zed', 'candidate');
  const r = { message: `${missing.length} missing: ${buildText(await releasesOf(engine).build('zed', 'bench', { only: missing, retryFailed: false }))}` };
  const still = engine.facts()['releases.zed.missing-candidate'];
  if (still !== 0) throw new Error(`still missing ${still}`);
  return `${late.length} late tag(s); ${r.message.split('\n')[0]}`;
});
await step('testing (tag.add all)', async () => (await run('tag.add', { tag: 'zed-testing', package: 'all' })).message.slice(0, 60));
await step('compose + closure', async () => (await run('release.compose', { release: 'zed', tag: 'zed-testing' })).message);
await step('gate (stable jobs)', async () => (await run('release.gate', { release: 'zed' })).message);
await step('mass-tag', async () => (await run('release.mass-tag', { from: 'zed-testing', to: 'zed-release' })).message);
await step('sign', async () => (await run('release.sign', { release: 'zed' })).message);
await step('publish', async () => (await run('release.publish', { release: 'zed' })).message);
const total = performance.now() - t0;
await engine.close();

console.log(`GA day, ${N} packages, T0 → signed, published repository:`);
for (const s of steps) console.log(`  ${s.id.padEnd(62)} ${fmt(s.ms).padStart(9)}  ${s.detail}`);
console.log(
  `total machine time: ${fmt(total)} (${(total / 60000).toFixed(1)} min); ratio to Ocata's 2 h: ${(total / 7_200_000).toFixed(3)} (target <= 15 min)`,
);
if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
