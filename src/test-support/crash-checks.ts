import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { PromotionIntents } from '../store/db/promotion-intents-store.js';
import type { Db } from '../store/db/db.js';

/** For the fault suite: what must hold in a data directory after any crash. Each returns the problems found. */

/** Every link under repos/ (and components') names a complete repository. */
export function brokenLinks(reposDir: string): string[] {
  const out: string[] = [];
  for (const e of existsSync(reposDir) ? readdirSync(reposDir, { withFileTypes: true }) : []) {
    if (!e.isSymbolicLink() || /\.tmp/.test(e.name)) continue;
    const target = readlinkSync(join(reposDir, e.name));
    if (!existsSync(join(reposDir, target, 'repodata', 'repomd.xml'))) out.push(`repos/${e.name} -> ${target}: not a complete repository`);
  }
  return out;
}

/** The published hashed repos: `repos/ab/cd/<hash>` directories holding repodata. */
export function hashedRepos(reposDir: string): string[] {
  const out: string[] = [];
  const dirs = (d: string) => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()) : []);
  for (const a of dirs(reposDir).filter((e) => /^[0-9a-f]{2}$/.test(e.name)))
    for (const b of dirs(join(reposDir, a.name))) for (const h of dirs(join(reposDir, a.name, b.name))) out.push(join(a.name, b.name, h.name));
  return out;
}

/** In every published repo, each RPM its repodata lists is there (a file or a link that resolves), and its repomd names files that exist. */
export function repodataProblems(reposDir: string): string[] {
  const out: string[] = [];
  for (const repo of hashedRepos(reposDir)) {
    const dir = join(reposDir, repo);
    const repomdFile = join(dir, 'repodata', 'repomd.xml');
    if (!existsSync(repomdFile)) {
      out.push(`${repo}: a hashed repo without repodata/repomd.xml is visible`);
      continue;
    }
    const repomd = readFileSync(repomdFile, 'utf8');
    for (const m of repomd.matchAll(/<location href="([^"]+)"/g)) if (!existsSync(join(dir, m[1]!))) out.push(`${repo}: repomd.xml names missing ${m[1]}`);
    const primaryHref = /<data type="primary">[\s\S]*?<location href="([^"]+)"/.exec(repomd)?.[1];
    if (!primaryHref || !existsSync(join(dir, primaryHref))) continue;
    const primary = gunzipSync(readFileSync(join(dir, primaryHref))).toString('utf8');
    const listed = [...primary.matchAll(/<location href="([^"]+\.rpm)"/g)].map((m) => m[1]!);
    if (listed.length === 0) out.push(`${repo}: repodata lists no RPM`);
    for (const rpm of listed) if (!existsSync(join(dir, rpm))) out.push(`${repo}: repodata lists ${rpm}, which is not there`);
  }
  return out;
}

/** PRAGMA integrity_check of the engine database. */
export function integrityProblems(dbFile: string): string[] {
  if (!existsSync(dbFile)) return [];
  const db = new Database(dbFile);
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  } finally {
    db.close();
  }
}

/** Each label's link points where its newest promotions row says, and no promotion is left half done. */
export function promotionDisagreements(db: Db, reposDir: string): string[] {
  const intents = new PromotionIntents(db);
  const out = intents.pending().map((p) => `promotion ${p.id} of ${p.promote_name} is still pending`);
  for (const p of intents.newestPerLabel()) {
    let link: string | null = null;
    try {
      link = readlinkSync(join(reposDir, p.promote_name));
    } catch {
      link = null;
    }
    // previous-<label> also moves by itself when <label> is promoted: only its own newer rows count then.
    if (p.promote_name.startsWith('previous-')) continue;
    if (link !== p.repo_path) out.push(`repos/${p.promote_name} -> ${link ?? '(nothing)'} but its newest promotion is ${p.repo_path}`);
  }
  const recorded = new Set(intents.newestPerLabel().map((p) => p.promote_name));
  for (const e of existsSync(reposDir) ? readdirSync(reposDir, { withFileTypes: true }) : []) {
    if (!e.isSymbolicLink() || /\.tmp/.test(e.name) || ['current', 'consistent'].includes(e.name) || e.name.startsWith('previous-')) continue;
    if (!recorded.has(e.name)) out.push(`repos/${e.name} was moved but no promotion of it is recorded`);
  }
  return out;
}
