import type { Actor, CommandResult } from '../commands.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { promote } from '../promotions/promote.js';
import { resolveRepoHash } from '../promotions/repo-ref.js';
import { PipelineError } from './pipeline-error.js';
import type { Pipeline } from './pipeline.js';

export const PIPELINE_COMMANDS = ['pool.hold', 'pool.release', 'pool.delete', 'jobs.run', 'promote', 'promoter.run'] as const;
export type PipelineCommandName = (typeof PIPELINE_COMMANDS)[number];

/** The pipeline's operator commands (arguments already checked against the registry). PipelineErrors become results. */
export async function executePipelineCommand(pipeline: Pipeline, name: PipelineCommandName, args: Record<string, unknown>, actor: Actor): Promise<CommandResult> {
  try {
    return await run(pipeline, name, args, actor);
  } catch (err) {
    if (err instanceof PipelineError) return { ok: false, message: err.message, data: { kind: err.kind, status: err.status } };
    throw err;
  }
}

async function run(p: Pipeline, name: PipelineCommandName, args: Record<string, unknown>, actor: Actor): Promise<CommandResult> {
  switch (name) {
    case 'pool.hold': {
      const node = p.pool.hold(String(args.node), typeof args.reason === 'string' ? args.reason : `held by ${actor.name}`);
      return { ok: true, message: `node ${node.name} held`, data: node };
    }
    case 'pool.release': {
      const node = p.pool.releaseHold(String(args.node));
      return { ok: true, message: `node ${node.name} released (${node.state})`, data: node };
    }
    case 'pool.delete':
      await p.pool.deleteNode(String(args.node), `deleted by ${actor.name}`);
      return { ok: true, message: `node ${String(args.node)} deleted` };
    case 'jobs.run': {
      const repo = resolveRepoHash(p.store, String(args.hash));
      const run = p.jobs.rerun(String(args.job), repo);
      return { ok: true, message: `${run.job} queued on ${repoHashOf(repo.path)} (run ${run.id})`, data: run };
    }
    case 'promote': {
      const repo = resolveRepoHash(p.store, String(args.hash));
      const r = promote(p.promotion, { commitHash: repo.commit_hash, distroHash: repo.distro_hash, extendedHash: repo.extended_hash, label: String(args.label), actor: actor.name });
      return { ok: true, message: `${String(args.label)} -> ${r.repoHash}${r.previous ? ` (previous-${String(args.label)} -> ${repoHashOf(r.previous)})` : ''}`, data: r };
    }
    case 'promoter.run': {
      const report = p.promoter.runPass({ dryRun: args.dryRun === true, actor: actor.name });
      const moved = report.promoted.map((m) => `${m.label} -> ${m.repoHash}`).join(', ');
      const message = report.aborted ? `promoter pass aborted: ${report.aborted}` : moved ? `${report.dryRun ? 'would promote' : 'promoted'} ${moved}` : 'nothing to promote';
      return { ok: report.aborted === null, message: report.dryRun && !moved ? `dry run: ${message}` : message, data: report };
    }
  }
}
