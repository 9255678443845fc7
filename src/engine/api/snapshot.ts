import type { Engine } from '../engine.js';
import { listLinks } from '../trunk/links.js';
import type { Actor } from '../commands.js';
import { AUDIT_ENTRIES, RECENT_BUILDS, type AuditEntry, type EngineSnapshot, type PackageSummary, type QueueItem } from './engine-client.js';
import type { BuildStatus } from '../trunk/types.js';
import { readPipeline } from './pipeline-reads.js';

/** The state a console starts from; events after `seq` bring it up to date (see reduce.ts). */
export function takeSnapshot(engine: Engine, identity: Actor): EngineSnapshot {
  return engine.db.transaction(() => {
    const seq = engine.events.lastSeq();
    const queue = engine.db
      .prepare(
        `SELECT c.id AS commitId, c.package, c.commit_hash AS commitHash, c.state, c.queued_at AS queuedAt,
           b.id AS buildId, b.worker, b.started_at AS startedAt
         FROM commits c LEFT JOIN builds b ON b.commit_id = c.id AND b.status = 'BUILDING'
         WHERE c.state IN ('QUEUED','BUILDING') ORDER BY c.state DESC, c.dt_commit, c.id`,
      )
      .all() as QueueItem[];
    const recent = engine.store.recentBuilds(RECENT_BUILDS + 20)
      .filter((b) => b.status !== 'BUILDING')
      .slice(0, RECENT_BUILDS)
      .map((b) => ({
        buildId: b.id,
        commitId: b.commit_id,
        package: b.package,
        commitHash: b.commit_hash,
        nvr: b.nvr,
        status: b.status as BuildStatus,
        startedAt: b.started_at,
        finishedAt: b.finished_at ?? b.started_at,
        error: b.error,
      }));
    const packages = engine.store.packageStatuses().map((s): PackageSummary => ({
      package: s.package,
      component: s.component,
      status: s.lastCommit && (s.lastCommit.state === 'QUEUED' || s.lastCommit.state === 'BUILDING') ? s.lastCommit.state : ((s.lastBuild?.status as BuildStatus | undefined) ?? 'NEVER'),
      nvr: s.lastBuild?.nvr ?? null,
      lastBuildAt: s.lastBuild?.finished_at ?? null,
      lastSuccessAt: s.lastSuccess?.finished_at ?? null,
      firstFailure: s.firstFailure ? { commitHash: s.firstFailure.commit_hash, at: s.firstFailure.finished_at ?? 0 } : null,
      skipped: s.skipped,
    }));
    const audit = (
      engine.db.prepare("SELECT seq, ts, actor, payload FROM events WHERE type = 'command' ORDER BY seq DESC LIMIT ?").all(AUDIT_ENTRIES) as {
        seq: number;
        ts: number;
        actor: string;
        payload: string;
      }[]
    ).map((r) => ({ seq: r.seq, ts: r.ts, actor: r.actor, ...JSON.parse(r.payload) }) as AuditEntry);
    return {
      seq,
      identity: { name: identity.name, role: identity.role },
      paused: [...engine.paused],
      trunk: { queue, recent, packages, links: Object.fromEntries(listLinks(engine.paths.reposDir)), passRunning: engine.trunk.busy },
      audit,
      pipeline: readPipeline(engine),
    };
  })();
}
