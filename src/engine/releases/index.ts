import { z } from 'zod';
import { RELEASES_MIGRATIONS } from '../../store/db/migrations/releases.js';
import { commandFor, defineArea, queryFor, type EngineCore } from '../area.js';
import { createDueLateTags, demoGa, demoGaRelease } from '../demo/ga.js';
import { demoPackages } from '../demo/paths.js';
import { branchText, buildText, demoGaText, reqcheckText, statusText, tagText } from './cli-text.js';
import { RELEASES_EVENTS } from './events.js';
import { ReleasesRuntime } from './runtime.js';
import { composeRelease, gateRelease, massTag, publish, signRelease } from './steps.js';
import { releaseFacts, releaseStatus, tagView } from './view.js';

const command = commandFor<ReleasesRuntime>();
const query = queryFor<ReleasesRuntime>();
const LATE_BUILDS_MS = 30_000;
/** The late-builds loop, also the actor of what it builds and tags (a report tells late builds by it). */
export const LATE_BUILDS_LOOP = 'releases.late-builds';
const DEMO_GA_MS = 15_000;

const release = z.string().min(1).max(100).describe('a release of rdoinfo.yml');
const tag = z.string().min(1).max(120).describe('<release>-candidate, -testing or -release');
const pkg = z.string().min(1).max(200).describe('a package of the release, or all');
const nvr = z.string().min(1).max(300).describe('one build, by NVR (default: the newest of each package)');
const CHANGES = [
  'release.build-finished',
  'release.tagged',
  'release.mass-tagged',
  'release.composed',
  'release.gated',
  'release.signed',
  'release.published',
  'release.branched',
] as const;

/** Releases: release builds of upstream tags, CBS-like tags, branching, compose, gate, mass-tag, signing, publication. */
export const releasesArea = defineArea({
  name: 'releases',
  description: 'Release builds, tags, compose, gate, mass-tag, signing and publication',
  cliGroups: { release: 'Releases: branching, builds, compose, gate, sign, publish', tag: 'Release tags (CBS-like): add, remove, list' },
  migrations: RELEASES_MIGRATIONS,
  open: (engine, log) => new ReleasesRuntime(engine, log),
  recover: ({ area }) => area.recover(),
  commands: [
    command({
      name: 'release.branch',
      description: 'Create the release distgit branches from master for the packages rdoinfo tags for it',
      dangerous: false,
      args: z.object({ release }),
      cli: { positional: ['release'], text: branchText as (d: never) => string },
      run: async ({ release }, { area }) => {
        const b = await area.branch(release);
        return { ok: true, message: branchText(b), data: b };
      },
    }),
    command({
      name: 'demo.ga',
      description: 'Demo: simulate an upstream GA (release tags in the demo upstreams, a couple of them minutes late); branches the release first if it is not',
      dangerous: false,
      args: z.object({
        release: release.optional(),
        late: z.number().int().min(0).max(100).optional().describe('how many packages get their tag late (default 2)'),
        lateMinutes: z
          .number()
          .min(0)
          .max(24 * 60)
          .optional()
          .describe('how late, in minutes (default 3)'),
      }),
      cli: { custom: true },
      run: async (args, { area }) => {
        const config = area.engine.config;
        const name = demoGaRelease(config, args.release);
        const branched = await area.branch(name);
        const ga = await demoGa(config, { ...args, release: name });
        return { ok: true, message: demoGaText(ga, branched), data: { ...ga, branched: branched.created } };
      },
    }),
    command({
      name: 'release.reqcheck',
      description: "Requirements check: each package's upstream requirements against its spec's Requires",
      dangerous: false,
      args: z.object({ release, package: pkg.optional() }),
      cli: { positional: ['release'], text: reqcheckText as (d: never) => string },
      run: async ({ release, package: only }, { area }) => {
        const r = await area.reqcheck(release, only);
        const off = r.filter((p) => p.missing.length || p.excess.length);
        const message = off.length
          ? `${off.length} package(s) out of sync: ${off.map((p) => `${p.package} (missing ${p.missing.join(', ') || 'none'}; excess ${p.excess.join(', ') || 'none'})`).join('; ')}`
          : `requirements in sync for ${r.length - r.filter((p) => p.note).length} package(s)${r.some((p) => p.note) ? `; ${r.filter((p) => p.note).length} without requirements.txt` : ''}`;
        return { ok: true, message, data: r };
      },
    }),
    command({
      name: 'release.build',
      description: 'Build the newest upstream release tags on the release distgit branch into -candidate (only what is new)',
      dangerous: false,
      args: z.object({ release, package: pkg.optional() }),
      cli: { positional: ['release'], text: buildText as (d: never) => string },
      run: async ({ release, package: only }, { area, actor }) => {
        const s = await area.build(release, actor.name, { only });
        const ok = s.failed.length === 0 && s.unbranched.length === 0;
        return { ok, message: buildText(s), data: s, ...(ok ? {} : { error: { kind: 'conflict' as const } }) };
      },
    }),
    command({
      name: 'release.compose',
      description: 'Compose a trimmed repo (newest NVR per package) from a tag and run repoclosure on it',
      dangerous: false,
      args: z.object({ release, tag: tag.optional() }),
      cli: { positional: ['release'] },
      run: async ({ release, tag }, { area }) => {
        const c = await composeRelease(area, release, tag ?? `${release}-testing`);
        const unresolved = JSON.parse(c.unresolved) as string[];
        const message = `compose #${c.id} of ${c.tag}: ${(JSON.parse(c.build_ids) as number[]).length} package(s), repoclosure ${c.closure}${unresolved.length ? `: ${unresolved.join('; ')}` : ''}`;
        return { ok: c.closure === 'pass', message, data: { ...c, unresolved }, ...(c.closure === 'pass' ? {} : { error: { kind: 'conflict' as const } }) };
      },
    }),
    command({
      name: 'release.gate',
      description: "Run the release's stable promotion jobs (pipeline.yml releases.<r>.gate) on its newest compose",
      dangerous: false,
      args: z.object({ release }),
      cli: { positional: ['release'] },
      run: async ({ release }, { area }) => {
        const g = await gateRelease(area, release);
        const message = `gate of compose #${g.compose!.id}: ${g.state} (${g.jobs.map((j) => `${j.job} ${j.state}`).join(', ')})`;
        return { ok: g.state === 'pass', message, data: g, ...(g.state === 'pass' ? {} : { error: { kind: 'conflict' as const } }) };
      },
    }),
    command({
      name: 'release.mass-tag',
      description: 'Tag every build of FROM into TO in one step, only when closure and every gate job are green',
      dangerous: true,
      confirm: 'Mass-tag {from} into {to}?',
      args: z.object({
        from: tag,
        to: tag,
        force: z.boolean().optional().describe('tag even when the gate is not green (needs --reason; audited)'),
        reason: z.string().min(1).max(500).optional().describe('why (required with --force)'),
      }),
      cli: { path: 'mass-tag', positional: ['from', 'to'] },
      run: ({ from, to, force, reason }, { area, actor }) => {
        const m = massTag(area, from, to, actor.name, force ?? false, reason);
        return {
          ok: true,
          message: `${m.nvrs.length} build(s) tagged ${from} → ${to}${m.forced ? ` (FORCED: ${reason}; not green: ${[...m.failingJobs, ...m.unresolved].join('; ')})` : ''}`,
          data: m,
        };
      },
    }),
    command({
      name: 'release.sign',
      description: 'Compose -release and sign its RPMs with the key of releases.yml; check every signature',
      dangerous: false,
      args: z.object({ release }),
      cli: { positional: ['release'] },
      run: async ({ release }, { area }) => {
        const c = await signRelease(area, release);
        return { ok: true, message: `compose #${c.id} of ${c.tag} signed with ${c.signed_key}; signatures verified`, data: c };
      },
    }),
    command({
      name: 'release.publish',
      description: 'Publish the signed release repo at repos/releases/<release>/ (atomically, with a .repo file)',
      dangerous: true,
      confirm: 'Publish release {release}?',
      args: z.object({ release }),
      cli: { positional: ['release'] },
      run: async ({ release }, { area }) => {
        const p = await publish(area, release);
        return {
          ok: true,
          message: `release ${release} published from compose #${p.compose.id} at repos/releases/${release}/ (${release}.repo beside it)`,
          data: p,
        };
      },
    }),
    command({
      name: 'tag.add',
      description: "Tag builds: one by NVR, or each package's newest from the tag before (package all: every package)",
      dangerous: false,
      args: z.object({ tag, package: pkg, nvr: nvr.optional() }),
      cli: { positional: ['tag', 'package'] },
      run: ({ tag, package: p, nvr }, { area, actor }) => {
        const nvrs = area.tag(tag, area.buildsToTag(tag, p, nvr), actor.name, null);
        return {
          ok: true,
          message: `${nvrs.length} build(s) tagged into ${tag}${nvrs.length ? `: ${nvrs.join(', ')}` : ' (already there)'}`,
          data: { tag, nvrs },
        };
      },
    }),
    command({
      name: 'tag.remove',
      description: "Untag a package's builds (or one NVR) from a tag",
      dangerous: true,
      confirm: 'Remove {package} from {tag}?',
      args: z.object({ tag, package: pkg, nvr: nvr.optional() }),
      cli: { positional: ['tag', 'package'] },
      run: ({ tag, package: p, nvr }, { area, actor }) => {
        const nvrs = area.untag(tag, p, actor.name, nvr);
        return { ok: true, message: `${nvrs.length} build(s) untagged from ${tag}: ${nvrs.join(', ')}`, data: { tag, nvrs } };
      },
    }),
  ],
  queries: [
    query({
      name: 'releases.tag',
      description: 'A tag: the newest NVR of each package in it, and who tagged what when',
      args: z.object({ tag }),
      changesOn: CHANGES,
      cli: { path: 'tag list', positional: ['tag'], text: tagText as (d: never) => string },
      run: ({ tag }, { area }) => tagView(area, tag),
    }),
    query({
      name: 'releases.status',
      description: 'A release: its tags, missing packages, closure, gate, signing and publication',
      args: z.object({ release }),
      changesOn: CHANGES,
      cli: { path: 'release status', positional: ['release'], text: statusText as (d: never) => string },
      run: ({ release }, { area }) => releaseStatus(area, release),
    }),
    query({
      name: 'releases.list',
      description: 'Every release with its status and tags',
      args: z.object({}),
      changesOn: CHANGES,
      cli: { path: 'release list', text: ((l: ReturnType<typeof releaseStatus>[]) => l.map(statusText).join('\n')) as (d: never) => string },
      run: (_args, { area }) => area.releaseNames().map((r) => releaseStatus(area, r)),
    }),
  ],
  loops: [
    {
      name: LATE_BUILDS_LOOP,
      description: 'Builds upstream release tags that appear after release.build ran (late GA tags), into -candidate',
      every: () => LATE_BUILDS_MS,
      tick: async ({ area, log }) => {
        for (const r of area.engine.config.releases) {
          const missing = r.status === 'eol' || !area.store.scanned(r.name) ? [] : area.missing(r.name, 'candidate');
          if (missing.length === 0) continue;
          try {
            await area.build(r.name, LATE_BUILDS_LOOP, { only: missing, retryFailed: false });
          } catch (err) {
            log.warn({ err: err instanceof Error ? err.message : String(err), release: r.name }, 'late builds failed');
          }
        }
      },
    },
    {
      name: 'releases.demo-ga',
      description: 'The demo GA: creates the late upstream release tags `demo ga` scheduled, when due',
      every: (engine) => (demoPackages(engine.config).length > 0 ? DEMO_GA_MS : null),
      tick: async ({ engine }) => {
        await createDueLateTags(engine.config);
      },
    },
  ],
  events: RELEASES_EVENTS,
  eventLevels: { 'release.build-finished': 'info', 'release.mass-tagged': 'info', 'release.published': 'info', 'release.signed': 'info' },
  facts: ({ area }) => releaseFacts(area),
  metrics: [],
});

export const releasesOf = (engine: Pick<EngineCore, 'area'>): ReleasesRuntime => engine.area(releasesArea);
