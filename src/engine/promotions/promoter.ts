import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EngineError } from '../errors.js';
import type { PromotionTarget } from '../config/pipeline.js';
import { PidLock } from '../lock.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { readLink } from '../trunk/links.js';
import { evaluateTarget, type TargetReport } from './evaluate.js';
import { aggregateMembers, componentsWithRepos } from '../../store/db/aggregate-store.js';
import { componentDir, readLinkAt, type LinkPlace } from '../trunk/components.js';
import { promoteRepos } from './batch.js';
import { aggregateHashOf } from './evaluate-aggregate.js';
import { moveLabel, type PromotionContext } from './promote.js';
import { formatPass } from './promoter-log.js';

export interface PassReport {
  at: number;
  dryRun: boolean;
  actor: string;
  targets: TargetReport[];
  promoted: { label: string; to: string; repoHash: string }[];
  /** Why the pass stopped early (a label moved under it), or null. */
  aborted: string | null;
}

/**
 * The promoter: per target in chain order, the newest candidate whose votes cover the criteria, at most one
 * move per target per pass. One promoter runs at a time per data directory.
 */
export class Promoter {
  private readonly lock: PidLock;
  private running = false;
  lastPass: PassReport | null = null;

  constructor(
    private readonly ctx: PromotionContext,
    readonly targets: readonly PromotionTarget[],
    lockFile: string,
    private readonly logFile: string,
  ) {
    this.lock = new PidLock(lockFile);
  }

  get busy(): boolean {
    return this.running;
  }

  /** One pass. Throws EngineError('conflict') when another promoter is running. */
  runPass(options: { dryRun?: boolean; actor?: string } = {}): PassReport {
    if (this.running) throw new EngineError('conflict', 'a promoter pass is already running in this engine');
    if (!this.lock.acquire()) {
      const since = this.lock.heldSince();
      const when = since === null ? '' : `, since ${new Date(since).toISOString().replace(/\.\d+Z$/, 'Z')}`;
      throw new EngineError('conflict', `another promoter pass is running (pid ${this.lock.holder() ?? '?'}${when}); try again when it ends`);
    }
    this.running = true;
    try {
      const report = this.pass(options.dryRun ?? false, options.actor ?? 'promoter');
      this.lastPass = report;
      mkdirSync(dirname(this.logFile), { recursive: true });
      appendFileSync(this.logFile, formatPass(report));
      this.ctx.events.append(
        'promoter.pass',
        { dryRun: report.dryRun, promoted: report.promoted.map(({ label, to }) => ({ label, to })), aborted: report.aborted },
        report.actor,
      );
      return report;
    } finally {
      this.running = false;
      this.lock.release();
    }
  }

  private pass(dryRun: boolean, actor: string): PassReport {
    const { store, reposDir } = this.ctx;
    const report: PassReport = { at: Date.now(), dryRun, actor, targets: [], promoted: [], aborted: null };
    const expected = new Map(this.targets.map((t) => [t.label, readLink(reposDir, t.label)]));
    for (const target of this.targets) {
      for (const place of this.placesOf(target)) {
        const holds = readLinkAt(place, target.label);
        const evaluation = evaluateTarget(store, reposDir, target, holds, place);
        if (place.prefix) evaluation.label = `${place.prefix}${target.label}`;
        report.targets.push(evaluation);
        if (!evaluation.chosen) continue;
        const repoHash = target.aggregate ? aggregateHashOf(evaluation.chosen)! : repoHashOf(evaluation.chosen);
        if (dryRun) {
          report.promoted.push({ label: evaluation.label, to: evaluation.chosen, repoHash });
          continue;
        }
        const moved = [...expected].find(([label, path]) => readLink(reposDir, label) !== path);
        if (moved) {
          report.aborted = `${moved[0]} moved to ${readLink(reposDir, moved[0]) ?? '(nothing)'} during the pass (expected ${moved[1] ?? '(nothing)'})`;
          evaluation.chosen = null;
          return report;
        }
        if (target.aggregate) {
          const repos = aggregateMembers(store.db, repoHash).map((m) => store.repoByPath(m.repo_path)!);
          promoteRepos(
            this.ctx,
            repos.map((repo) => ({ label: target.label, repo, actor })),
          );
        } else moveLabel(this.ctx, target.label, store.repoByPath(evaluation.chosen)!, actor, false);
        expected.set(target.label, readLink(reposDir, target.label));
        report.promoted.push({ label: evaluation.label, to: evaluation.chosen, repoHash });
      }
    }
    return report;
  }

  /**
   * Where a target's link is evaluated: the repo root; with components on, each component's directory for a
   * target promoted per component (an aggregate target is evaluated once, on the top-level link).
   */
  private placesOf(target: PromotionTarget): LinkPlace[] {
    const root = { dir: this.ctx.reposDir, prefix: '' };
    if (!this.ctx.aggregate || target.aggregate) return [root];
    return componentsWithRepos(this.ctx.store.db).map((c) => ({ dir: componentDir(this.ctx.reposDir, c), prefix: `component/${c}/` }));
  }
}
