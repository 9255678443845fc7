import type { EngineEvent } from '../events.js';
import { RECENT_BUILDS, type BuildSummary, type PackageSummary, type QueueItem } from '../trunk/live.js';
import type { EngineSnapshot } from './engine-client.js';

/**
 * Brings a snapshot up to date with events (pure; events at or before `snapshot.seq` are ignored).
 *
 * The result shares with `snapshot` every part the events left alone. A batch copies each part it changes once
 * (not once per event), so a batch of events costs O(events + packages), not O(events × packages).
 */
export function applyEvents(snapshot: EngineSnapshot, events: readonly EngineEvent[]): EngineSnapshot {
  let draft: Draft | null = null;
  for (const e of events) {
    if (e.seq <= (draft ? draft.s.seq : snapshot.seq)) continue;
    draft ??= new Draft(snapshot);
    draft.apply(e);
    draft.s.seq = e.seq;
  }
  return draft ? draft.s : snapshot;
}

/** A new snapshot being built from an old one: each part is copied the first time an event changes it. */
class Draft {
  readonly s: EngineSnapshot;
  private trunkOwned = false;
  private recentOwned = false;
  private packagesOwned = false;
  private byName: Map<string, number> | null = null;

  constructor(from: EngineSnapshot) {
    this.s = { ...from };
  }

  private trunk(): EngineSnapshot['trunk'] {
    if (!this.trunkOwned) {
      this.s.trunk = { ...this.s.trunk };
      this.trunkOwned = true;
    }
    return this.s.trunk;
  }

  private setQueue(queue: QueueItem[]): void {
    this.trunk().queue = queue;
  }

  private withoutCommit(commitId: number): QueueItem[] {
    return this.s.trunk.queue.filter((q) => q.commitId !== commitId);
  }

  /** Recent builds stay newest build first (by id, as a fresh snapshot lists them), whatever order they finish in. */
  private pushRecent(build: BuildSummary): void {
    const t = this.trunk();
    if (!this.recentOwned) {
      t.recent = t.recent.slice(0, RECENT_BUILDS);
      this.recentOwned = true;
    }
    let i = 0;
    while (i < t.recent.length && t.recent[i]!.buildId > build.buildId) i++;
    if (t.recent[i]?.buildId === build.buildId) t.recent[i] = build;
    else t.recent.splice(i, 0, build);
    if (t.recent.length > RECENT_BUILDS) t.recent.length = RECENT_BUILDS;
  }

  /** Index of a package by name (names are unique: the packages table's key). */
  private packageIndex(name: string): number {
    if (!this.byName) {
      this.byName = new Map();
      this.s.trunk.packages.forEach((p, i) => {
        if (!this.byName!.has(p.package)) this.byName!.set(p.package, i);
      });
    }
    return this.byName.get(name) ?? -1;
  }

  private setPackage(name: string, change: Partial<PackageSummary>): void {
    const t = this.trunk();
    if (!this.packagesOwned) {
      t.packages = t.packages.slice();
      this.packagesOwned = true;
    }
    const i = this.packageIndex(name);
    if (i >= 0) t.packages[i] = { ...t.packages[i]!, ...change };
  }

  apply(e: EngineEvent): void {
    switch (e.type) {
      case 'pass.started':
        this.trunk().passRunning = true;
        return;
      case 'pass.finished':
        this.trunk().passRunning = false;
        return;
      case 'commit.queued': {
        const p = e.payload;
        const queue = this.withoutCommit(p.commitId);
        queue.push({
          commitId: p.commitId,
          package: p.package,
          commitHash: p.commitHash,
          state: 'QUEUED',
          queuedAt: e.ts,
          buildId: null,
          worker: null,
          startedAt: null,
        });
        this.setQueue(queue);
        this.setPackage(p.package, { status: 'QUEUED' });
        return;
      }
      case 'build.started': {
        const p = e.payload;
        const others = this.withoutCommit(p.commitId);
        const item: QueueItem = {
          commitId: p.commitId,
          package: p.package,
          commitHash: p.commitHash,
          state: 'BUILDING',
          queuedAt: e.ts,
          buildId: p.buildId,
          worker: p.worker,
          startedAt: e.ts,
        };
        const queue = others.filter((q) => q.state === 'BUILDING');
        queue.push(item);
        for (const q of others) if (q.state !== 'BUILDING') queue.push(q);
        this.setQueue(queue);
        this.setPackage(p.package, { status: 'BUILDING' });
        return;
      }
      case 'build.finished': {
        const p = e.payload;
        const started = this.s.trunk.queue.find((q) => q.buildId === p.buildId)?.startedAt ?? e.ts - p.durationMs;
        this.pushRecent({
          buildId: p.buildId,
          commitId: p.commitId,
          package: p.package,
          commitHash: p.commitHash,
          distroHash: p.distroHash ?? '',
          subject: p.subject ?? '',
          author: p.author ?? '',
          nvr: p.nvr,
          status: p.status,
          startedAt: started,
          finishedAt: e.ts,
          error: p.error,
        });
        const i = this.packageIndex(p.package);
        const before = i >= 0 ? this.s.trunk.packages[i] : undefined;
        const firstFailure =
          p.status === 'SUCCESS'
            ? null
            : p.status === 'FAILED'
              ? (before?.firstFailure ?? { commitHash: p.commitHash, at: e.ts })
              : (before?.firstFailure ?? null);
        const change: Partial<PackageSummary> = { status: p.status, nvr: p.nvr ?? before?.nvr ?? null, lastBuildAt: e.ts, firstFailure };
        if (p.status === 'SUCCESS') change.lastSuccessAt = e.ts;
        this.setQueue(this.withoutCommit(p.commitId));
        this.setPackage(p.package, change);
        return;
      }
      case 'fetch.failed':
        this.setPackage(e.payload.package, { skipped: e.payload.reason });
        return;
      case 'link.moved': {
        const t = this.trunk();
        t.links = { ...t.links, [e.payload.name]: e.payload.to };
        return;
      }
      case 'loop.paused':
        this.s.paused = [...new Set([...this.s.paused, e.payload.loop])];
        return;
      case 'loop.resumed':
        this.s.paused = this.s.paused.filter((l) => l !== e.payload.loop);
        return;
      case 'loop.suspended':
        this.s.suspended = [...this.s.suspended.filter((s) => s.loop !== e.payload.loop || s.reason !== e.payload.reason), e.payload];
        return;
      case 'loop.lifted':
        this.s.suspended = this.s.suspended.filter((s) => s.loop !== e.payload.loop || s.reason !== e.payload.reason);
        return;
      case 'recovery.done':
        return;
      default:
        return;
    }
  }
}
