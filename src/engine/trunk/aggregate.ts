/**
 * The top-level repo file of a label with components on (DLRN's aggregate_repo_files): every component's
 * `<label>/<reponame>.repo` in turn, its md5 the aggregate hash. Written once per hash under
 * `repos/aggregates/ab/cd/<hash>/` with the md5 and the joined versions.csv; then `repos/<label>` moves there in
 * one rename, so the three files change together.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../../store/db/db.js';
import { componentsWithRepos, recordAggregate, type AggregateMember } from '../../store/db/aggregate-store.js';
import { componentDir, readLinkAt } from './components.js';
import { moveLink, readLink } from './links.js';

export const VERSIONS_HEADER = 'Project,Source Repo,Source Sha,Dist Repo,Dist Sha,Status,Last Success Timestamp,Component,Extended Sha,Pkg NVR\n';

export interface AggregateContext {
  db: Db;
  reposDir: string;
  tmpDir: string;
  reponame: string;
}

export interface ComponentRepoFile {
  component: string;
  repoFile: string;
  versionsCsv: string;
}

/** The aggregate repo file, its hash and joined versions.csv, from the components' files in component order. */
export function aggregateContent(parts: readonly ComponentRepoFile[]): { hash: string; repoFile: string; versionsCsv: string } {
  const repoFile = parts.map((p) => `${p.repoFile}\n`).join('');
  const rows = parts.flatMap((p) => p.versionsCsv.split('\n').slice(1).filter(Boolean));
  return { hash: createHash('md5').update(repoFile).digest('hex'), repoFile, versionsCsv: VERSIONS_HEADER + rows.map((r) => `${r}\n`).join('') };
}

export function aggregatePath(hash: string): string {
  return `aggregates/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
}

export interface AggregateResult {
  hash: string;
  path: string;
  from: string | null;
  members: AggregateMember[];
}

/** Re-aggregates `label` from the components' links of that name; null when no component has one. */
export function aggregateLabel(ctx: AggregateContext, label: string, now = Date.now()): AggregateResult | null {
  const parts: ComponentRepoFile[] = [];
  const members: AggregateMember[] = [];
  for (const component of componentsWithRepos(ctx.db)) {
    const place = { dir: componentDir(ctx.reposDir, component), prefix: `component/${component}/` };
    const target = readLinkAt(place, label);
    if (target === null) continue;
    const repoFile = join(ctx.reposDir, target, `${ctx.reponame}.repo`);
    if (!existsSync(repoFile)) continue;
    const csv = join(ctx.reposDir, target, 'versions.csv');
    parts.push({ component, repoFile: readFileSync(repoFile, 'utf8'), versionsCsv: existsSync(csv) ? readFileSync(csv, 'utf8') : '' });
    members.push({ component, repo_path: target });
  }
  if (parts.length === 0) return null;
  const agg = aggregateContent(parts);
  const path = aggregatePath(agg.hash);
  const final = join(ctx.reposDir, path);
  const md5Name = `${ctx.reponame}.repo.md5`;
  if (!existsSync(join(final, md5Name))) {
    const staging = join(ctx.tmpDir, `aggregate-${agg.hash}-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, `${ctx.reponame}.repo`), agg.repoFile);
    writeFileSync(join(staging, 'versions.csv'), agg.versionsCsv);
    // Written last: its presence is what makes the directory a complete aggregate.
    writeFileSync(join(staging, md5Name), agg.hash);
    mkdirSync(dirname(final), { recursive: true });
    rmSync(final, { recursive: true, force: true });
    renameSync(staging, final);
  }
  recordAggregate(ctx.db, agg.hash, members, label, now);
  const from = readLink(ctx.reposDir, label);
  if (from !== path) moveLink(ctx.reposDir, label, path, md5Name);
  return { hash: agg.hash, path, from, members };
}
