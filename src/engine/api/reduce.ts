import type { EngineEvent } from '../events.js';
import { AUDIT_ENTRIES, RECENT_BUILDS, type EngineSnapshot, type PackageSummary } from './engine-client.js';

/** Brings a snapshot up to date with events (pure; events at or before `snapshot.seq` are ignored). */
export function applyEvents(snapshot: EngineSnapshot, events: readonly EngineEvent[]): EngineSnapshot {
  let s = snapshot;
  for (const e of events) if (e.seq > s.seq) s = { ...applyEvent(s, e), seq: e.seq };
  return s;
}

function applyEvent(s: EngineSnapshot, e: EngineEvent): EngineSnapshot {
  const trunk = s.trunk;
  switch (e.type) {
    case 'pass.started':
      return { ...s, trunk: { ...trunk, passRunning: true } };
    case 'pass.finished':
      return { ...s, trunk: { ...trunk, passRunning: false } };
    case 'commit.queued': {
      const p = e.payload;
      const queue = trunk.queue.filter((q) => q.commitId !== p.commitId);
      queue.push({ commitId: p.commitId, package: p.package, commitHash: p.commitHash, state: 'QUEUED', queuedAt: e.ts, buildId: null, worker: null, startedAt: null });
      return { ...s, trunk: { ...trunk, queue, packages: setPackage(trunk.packages, p.package, { status: 'QUEUED' }) } };
    }
    case 'build.started': {
      const p = e.payload;
      const others = trunk.queue.filter((q) => q.commitId !== p.commitId);
      const item = { commitId: p.commitId, package: p.package, commitHash: p.commitHash, state: 'BUILDING' as const, queuedAt: e.ts, buildId: p.buildId, worker: p.worker, startedAt: e.ts };
      const building = others.filter((q) => q.state === 'BUILDING');
      return {
        ...s,
        trunk: { ...trunk, queue: [...building, item, ...others.filter((q) => q.state !== 'BUILDING')], packages: setPackage(trunk.packages, p.package, { status: 'BUILDING' }) },
      };
    }
    case 'build.finished': {
      const p = e.payload;
      const started = trunk.queue.find((q) => q.buildId === p.buildId)?.startedAt ?? e.ts - p.durationMs;
      const recent = [{ buildId: p.buildId, commitId: p.commitId, package: p.package, commitHash: p.commitHash, nvr: p.nvr, status: p.status, startedAt: started, finishedAt: e.ts, error: p.error }, ...trunk.recent].slice(0, RECENT_BUILDS);
      const before = trunk.packages.find((x) => x.package === p.package);
      const firstFailure = p.status === 'SUCCESS' ? null : p.status === 'FAILED' ? (before?.firstFailure ?? { commitHash: p.commitHash, at: e.ts }) : (before?.firstFailure ?? null);
      const change: Partial<PackageSummary> = { status: p.status, nvr: p.nvr ?? before?.nvr ?? null, lastBuildAt: e.ts, firstFailure };
      if (p.status === 'SUCCESS') change.lastSuccessAt = e.ts;
      return { ...s, trunk: { ...trunk, recent, queue: trunk.queue.filter((q) => q.commitId !== p.commitId), packages: setPackage(trunk.packages, p.package, change) } };
    }
    case 'fetch.failed':
      return { ...s, trunk: { ...trunk, packages: setPackage(trunk.packages, e.payload.package, { skipped: e.payload.reason }) } };
    case 'link.moved':
      return { ...s, trunk: { ...trunk, links: { ...trunk.links, [e.payload.name]: e.payload.to } } };
    case 'loop.paused':
      return { ...s, paused: [...new Set([...s.paused, e.payload.loop])] };
    case 'loop.resumed':
      return { ...s, paused: s.paused.filter((l) => l !== e.payload.loop) };
    case 'recovery.done':
      return s;
    case 'command':
      return { ...s, audit: [{ seq: e.seq, ts: e.ts, actor: e.actor, ...e.payload }, ...s.audit].slice(0, AUDIT_ENTRIES) };
    default:
      return s;
  }
}

function setPackage(packages: PackageSummary[], name: string, change: Partial<PackageSummary>): PackageSummary[] {
  return packages.map((p) => (p.package === name ? { ...p, ...change } : p));
}
