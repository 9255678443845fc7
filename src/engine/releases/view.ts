import type { TaggedBuildRow } from '../../store/db/releases-store.js';
import type { Facts } from '../area.js';
import type { ReleasesRuntime } from './runtime.js';
import { gateState, tagContent, type GateState } from './steps.js';
import { tagName, TAG_STAGES } from './tag-names.js';

export interface TagBuildView {
  package: string;
  nvr: string;
  upstreamTag: string;
  taggedBy: string;
  taggedAt: number;
}

export interface TagView {
  tag: string;
  release: string;
  /** Newest NVR per package. */
  builds: TagBuildView[];
  history: { nvr: string; action: 'tag' | 'untag'; actor: string; at: number; reason: string | null }[];
}

const tagBuild = (b: TaggedBuildRow): TagBuildView => ({
  package: b.package,
  nvr: b.nvr,
  upstreamTag: b.upstream_tag,
  taggedBy: b.tagged_by,
  taggedAt: b.tagged_at,
});

export function tagView(rt: ReleasesRuntime, tag: string): TagView {
  const { release } = rt.parse(tag);
  return {
    tag,
    release,
    builds: tagContent(rt, tag).map(tagBuild),
    history: rt.store.history(tag, 50).map((h) => ({ nvr: h.nvr, action: h.action, actor: h.actor, at: h.at, reason: h.reason })),
  };
}

export interface ReleaseStatus {
  release: string;
  status: string | null;
  distgitBranch: string;
  gaDate: string | null;
  packages: number;
  /** Each tag with its content (newest NVR per package) and the packages it lacks. */
  tags: { tag: string; builds: number; missing: string[]; content: TagBuildView[] }[];
  builds: { building: number; failed: { nvr: string; error: string | null }[] };
  closure: 'pass' | 'fail' | 'unknown';
  unresolved: string[];
  gate: GateState['state'];
  gateJobs: GateState['jobs'];
  signed: boolean;
  published: { composeId: number; at: number } | null;
}

export function releaseStatus(rt: ReleasesRuntime, name: string): ReleaseStatus {
  const r = rt.release(name);
  const gate = gateState(rt, name);
  const builds = rt.store.builds(name);
  const latestFailed = builds.filter((b) => b.state === 'failed' && !builds.some((o) => o.package === b.package && o.id > b.id));
  const pub = rt.store.published(name);
  return {
    release: name,
    status: r.status ?? null,
    distgitBranch: r.distgitBranch,
    gaDate: r.gaDate ?? null,
    packages: rt.packagesOf(name).length,
    tags: TAG_STAGES.map((s) => {
      const content = tagContent(rt, tagName(name, s)).map(tagBuild);
      return { tag: tagName(name, s), builds: content.length, missing: rt.missing(name, s), content };
    }),
    builds: { building: builds.filter((b) => b.state === 'building').length, failed: latestFailed.map((b) => ({ nvr: b.nvr, error: b.error })) },
    closure: gate.compose?.closure ?? 'unknown',
    unresolved: gate.compose ? (JSON.parse(gate.compose.unresolved) as string[]) : [],
    gate: gate.state,
    gateJobs: gate.jobs,
    signed: isSigned(rt, name),
    published: pub ? { composeId: pub.id, at: pub.published_at! } : null,
  };
}

/** The newest signed compose holds exactly what -release holds now. */
function isSigned(rt: ReleasesRuntime, release: string): boolean {
  const s = rt.store.latestCompose(release, 'signed');
  if (!s?.signed_key) return false;
  const ids = JSON.stringify(
    tagContent(rt, tagName(release, 'release'))
      .map((b) => b.id)
      .sort((a, b) => a - b),
  );
  return s.build_ids === ids;
}

/** `releases.<r>.*` of every release: what checklist conditions, status probes and alerts read. */
export function releaseFacts(rt: ReleasesRuntime): Facts {
  const facts: Facts = {};
  for (const name of rt.releaseNames()) {
    const gate = gateState(rt, name);
    const signed = isSigned(rt, name);
    const pub = rt.store.published(name);
    const p = `releases.${name}`;
    facts[`${p}.packages`] = rt.packagesOf(name).length;
    const missingCandidate = rt.missing(name, 'candidate');
    facts[`${p}.missing-candidate`] = missingCandidate.length;
    facts[`${p}.missing-candidate-list`] = missingCandidate.join(', ');
    facts[`${p}.missing-testing`] = rt.missing(name, 'testing').length;
    facts[`${p}.missing-release`] = rt.missing(name, 'release').length;
    facts[`${p}.closure`] = gate.compose?.closure ?? 'unknown';
    facts[`${p}.gate`] = gate.state;
    facts[`${p}.signed`] = signed;
    facts[`${p}.published`] = signed && pub !== undefined && pub.id === rt.store.latestCompose(name, 'signed')?.id;
  }
  return facts;
}
