import { z } from 'zod';
import { PROMOTIONS_MIGRATIONS } from '../../store/db/migrations/promotions.js';
import { commandFor, defineArea, queryFor, type EngineCore, type Facts } from '../area.js';
import { ciArea } from '../ci/index.js';
import { EngineError } from '../errors.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { trunkArea } from '../trunk/index.js';
import { labelsText, promotionsText } from './cli-text.js';
import { diffRepos } from './diff.js';
import { PROMOTIONS_EVENTS } from './events.js';
import { explainCandidate } from './explain.js';
import { labelFacts } from './label-facts.js';
import { labelsView } from './labels-view.js';
import { queueNeededRuns } from './needed-runs.js';
import { promote } from './promote.js';
import { reconcilePromotions } from './reconcile.js';
import { promotionsList } from './promotions-list.js';
import { resolveRepoHash } from './repo-ref.js';
import { openPromotions, type PromotionsRuntime } from './runtime.js';

const command = commandFor<PromotionsRuntime>();
const query = queryFor<PromotionsRuntime>();

const hash = z.string().min(1).max(200).describe('<commit>_<distro8> or a commit hash');
const label = z.string().min(1).max(200);

/** The promotion chain: labels moved along it by the promoter when a candidate's votes cover the criteria. */
export const promotionsArea = defineArea({
  name: 'promotions',
  description: 'The promotion chain: labels moved along it when votes cover the criteria',
  cliGroups: { promoter: 'The promoter: moves labels along the chain when votes cover the criteria' },
  migrations: PROMOTIONS_MIGRATIONS,
  open: (engine): PromotionsRuntime => openPromotions(engine, engine.area(ciArea)),
  recover: ({ area, engine }) => {
    reconcilePromotions(area.promotion);
    void queueNeededRuns(engine.area(ciArea), engine.paths.reposDir, area.targets);
  },
  commands: [
    command({
      name: 'promote',
      description: 'Move a label to a repo hash (the old target becomes previous-<label>)',
      dangerous: true,
      confirm: 'Promote {hash} → {label}?',
      args: z.object({ hash, label }),
      cli: { positional: ['hash', 'label'] },
      run: ({ hash, label }, { area, actor }) => {
        const repo = resolveRepoHash(area.promotion.store, hash);
        const r = promote(area.promotion, {
          commitHash: repo.commit_hash,
          distroHash: repo.distro_hash,
          extendedHash: repo.extended_hash,
          label,
          actor: actor.name,
        });
        return { ok: true, message: `${label} -> ${r.repoHash}${r.previous ? ` (previous-${label} -> ${repoHashOf(r.previous)})` : ''}`, data: r };
      },
    }),
    command({
      name: 'promoter.run',
      description: 'Run a promoter pass now',
      dangerous: false,
      args: z.object({ dryRun: z.boolean().optional() }),
      cli: { custom: true },
      run: ({ dryRun }, { area, actor }) => {
        const report = area.promoter.runPass({ dryRun: dryRun === true, actor: actor.name });
        const moved = report.promoted.map((m) => `${m.label} -> ${m.repoHash}`).join(', ');
        const message = report.aborted
          ? `promoter pass aborted: ${report.aborted}`
          : moved
            ? `${report.dryRun ? 'would promote' : 'promoted'} ${moved}`
            : 'nothing to promote';
        if (report.aborted) return { ok: false, message, data: report, error: { kind: 'conflict' } };
        return { ok: true, message: report.dryRun && !moved ? `dry run: ${message}` : message, data: report };
      },
    }),
  ],
  queries: [
    query({
      name: 'promotions.labels',
      description: 'The promotion chain: what each label holds, its candidates and what they miss',
      args: z.object({}),
      changesOn: ['vote.recorded', 'promotion', 'promoter.pass', 'link.moved', 'job.finished'],
      cli: { path: 'labels', text: labelsText },
      run: (_args, { area, engine }) => labelsView(area, engine.area(ciArea), engine.paths.reposDir),
    }),
    query({
      name: 'promotions.explain',
      description: 'Why a repo hash is or is not promotable to a label',
      args: z.object({ hash, label }),
      changesOn: ['vote.recorded', 'promotion', 'link.moved'],
      cli: { path: 'why', positional: ['hash', 'label'] },
      run: ({ hash, label }, { area, engine }) => {
        const repo = resolveRepoHash(area.promotion.store, hash);
        const external = new Set(engine.config.pipeline.jobs.filter((j) => j.external).map((j) => j.name));
        return explainCandidate(
          area.promotion.store,
          engine.paths.reposDir,
          area.targets,
          { commitHash: repo.commit_hash, distroHash: repo.distro_hash, extendedHash: repo.extended_hash, label },
          external,
        );
      },
    }),
    query({
      name: 'promotions.diff',
      description: 'Packages and versions that change from one repo hash to another',
      args: z.object({ from: hash, to: hash }),
      changesOn: [],
      cli: { path: 'diff', positional: ['from', 'to'] },
      run: ({ from, to }, { area, engine }) => {
        const { store } = area.promotion;
        const diff = diffRepos(engine.paths.reposDir, resolveRepoHash(store, from).path, resolveRepoHash(store, to).path);
        const trunk = engine.area(trunkArea).store;
        for (const c of diff.changed) {
          const a = c.from && trunk.findCommit(c.package, c.from.commitHash, c.from.distroHash, null);
          const b = c.to && trunk.findCommit(c.package, c.to.commitHash, c.to.distroHash, null);
          if (a && b && b.id > a.id)
            c.commits = trunk
              .commitsBetween(c.package, a.id, b.id, 20)
              .map((r) => ({ commitHash: r.commit_hash, distroHash: r.distro_hash, subject: r.subject, author: r.author }));
        }
        return diff;
      },
    }),
    query({
      name: 'promotions.list',
      description: 'Promotions, newest first',
      args: z.object({ label: label.optional(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(100).optional() }),
      changesOn: ['promotion'],
      cli: { path: 'promotions', text: promotionsText },
      run: (filter, { area }) => promotionsList(area.promotion.store, filter),
    }),
  ],
  loops: [
    {
      name: 'promoter',
      description: 'A promoter pass every interval and after each final vote',
      every: (engine) => (engine.config.pipeline.promotions.length > 0 ? engine.config.pipeline.promoter.intervalSec * 1000 : null),
      wakeOn: { when: (e) => (e.type === 'vote.recorded' && !e.payload.inProgress) || e.type === 'link.moved', delayMs: 200 },
      tick: async ({ area, engine }) => {
        queueNeededRuns(engine.area(ciArea), engine.paths.reposDir, area.targets);
        if (area.promoter.busy) return;
        try {
          area.promoter.runPass({ actor: 'promoter' });
        } catch (err) {
          if (!(err instanceof EngineError && err.kind === 'conflict')) throw err;
        }
      },
    },
  ],
  events: PROMOTIONS_EVENTS,
  eventLevels: { promotion: 'info', 'promoter.pass': 'info' },
  facts: ({ area, engine }) => {
    const now = Date.now();
    const last = engine.events.lastOf('promoter.pass');
    const facts: Facts = { 'promotions.promoter-last-pass-age-seconds': last ? Math.round((now - last.ts) / 1000) : null };
    for (const t of area.targets) {
      const at = area.promotion.store.lastPromotionTime(t.label);
      facts[`promotions.label-age-seconds.${t.label}`] = at === undefined ? null : Math.round((now - at) / 1000);
    }
    const ci = engine.area(ciArea);
    const queued = new Set(ci.store.activeRuns().map((r) => `${r.job} ${r.repo_path}`));
    return { ...facts, ...labelFacts(labelsView(area, ci, engine.paths.reposDir), queued) };
  },
  metrics: [
    { name: 'rdo_promotions_total', help: 'Promotions recorded', type: 'counter', collect: ({ area }) => [{ value: area.promotion.store.promotionCount() }] },
    {
      name: 'rdo_label_age_seconds',
      help: 'Seconds since each promotion target label last moved',
      type: 'gauge',
      labelNames: ['label'],
      collect: ({ area }) => {
        const now = Date.now();
        return area.targets.flatMap((t) => {
          const at = area.promotion.store.lastPromotionTime(t.label);
          return at === undefined ? [] : [{ labels: { label: t.label }, value: Math.max(0, Math.floor((now - at) / 1000)) }];
        });
      },
    },
  ],
});

export type { PromotionsRuntime } from './runtime.js';

/** The promotions area's runtime in an open engine. */
export const promotionsOf = (engine: Pick<EngineCore, 'area'>): PromotionsRuntime => engine.area(promotionsArea);
