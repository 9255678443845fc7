/**
 * DLRN's rsyncdest: published repositories copied to a public server (a local path or `host:path` over SSH) with
 * rsync in two passes, the hashed directories first and then the links, so the far side never shows a link to a
 * half-copied repository. What was copied is remembered by publication time; a failed copy is retried, whole, on
 * the next pass and reported as an event, never as a failed build.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../../store/db/db.js';
import type { EventLog } from '../../store/db/event-log.js';
import { publishedSince } from '../../store/db/rsync-queries.js';
import { runTool } from '../run-tool.js';
import { aggregatePath } from './aggregate.js';
import { writeFileAtomic } from './atomic-write.js';
import { listComponentLinks } from './components.js';
import { listLinks } from './links.js';

export interface RsyncContext {
  db: Db;
  events: EventLog;
  reposDir: string;
  /** A local directory or `[user@]host:path`. */
  dest: string;
  /** Remembers the newest publication copied: `{"copiedUntil": <ms>}`. */
  stateFile: string;
  logFile: string;
  timeoutMs?: number;
}

const ROOT_FILES = ['status_report.csv', 'status_report.html', 'report.html'];

export function isRemote(dest: string): boolean {
  return /^[^/]*:/.test(dest);
}

function copiedUntil(stateFile: string): number {
  if (!existsSync(stateFile)) return 0;
  try {
    return Number((JSON.parse(readFileSync(stateFile, 'utf8')) as { copiedUntil?: number }).copiedUntil) || 0;
  } catch {
    return 0;
  }
}

export interface RsyncResult {
  ok: boolean;
  repos: number;
  links: number;
  error?: string;
}

/** One copy: what was published since the last good copy, then every link and the root files. */
export async function rsyncPublish(ctx: RsyncContext): Promise<RsyncResult> {
  const since = copiedUntil(ctx.stateFile);
  const { repos, aggregates, newest } = publishedSince(ctx.db, since);
  const dirs = [...repos, ...aggregates.map(aggregatePath)].filter((p) => existsSync(join(ctx.reposDir, p)));
  const links = [...listLinks(ctx.reposDir).keys(), ...listComponentLinks(ctx.reposDir).keys()];
  const files = ROOT_FILES.filter((f) => existsSync(join(ctx.reposDir, f)));
  const dest = ctx.dest.endsWith('/') ? ctx.dest : `${ctx.dest}/`;
  mkdirSync(dirname(ctx.logFile), { recursive: true });
  const rsync = async (paths: string[]) => {
    if (paths.length === 0) return;
    // --relative keeps each path's place under repos/ on the far side; -a copies links as links.
    const r = await runTool('rsync', ['-a', '--relative', `--timeout=${Math.ceil((ctx.timeoutMs ?? 600_000) / 1000)}`, '--', ...paths, dest], {
      cwd: ctx.reposDir,
      timeoutMs: ctx.timeoutMs ?? 600_000,
      logFile: ctx.logFile,
    });
    if (r.exitCode !== 0 || r.timedOut)
      throw new Error(`rsync to ${ctx.dest} exited ${r.exitCode}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
  };
  try {
    if (!isRemote(ctx.dest)) mkdirSync(ctx.dest, { recursive: true });
    await rsync(dirs);
    await rsync([...links, ...files]);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    ctx.events.append('rsync.failed', { dest: ctx.dest, error, pending: dirs.length });
    return { ok: false, repos: dirs.length, links: links.length, error };
  }
  writeFileAtomic(ctx.stateFile, JSON.stringify({ copiedUntil: newest }));
  if (dirs.length > 0 || since === 0) ctx.events.append('rsync.done', { dest: ctx.dest, repos: dirs.length, links: links.length });
  return { ok: true, repos: dirs.length, links: links.length };
}
