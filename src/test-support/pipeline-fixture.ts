import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../store/db/db.js';

const SHIPPED = resolve(import.meta.dirname, '..', '..', 'config');

/** Writes a pipeline.yml (and the shipped job scripts) into a fixture's config directory. */
export function writePipeline(configDir: string, yaml: string): void {
  cpSync(join(SHIPPED, 'jobs'), join(configDir, 'jobs'), { recursive: true });
  writeFileSync(join(configDir, 'pipeline.yml'), yaml);
}

/** The shipped demo pipeline, with a pool sized for tests. */
export function shippedPipeline(pool = { 'max-servers': 3, 'min-ready': 3 }): string {
  return `pool:
  label: local-el9
  max-servers: ${pool['max-servers']}
  min-ready: ${pool['min-ready']}
  launch-retries: 1
  max-ready-age: 3600
jobs:
  - name: repoclosure
    trigger: consistent
    timeout: 120
    argv: [dnf, --quiet, repoclosure, --releasever=9, --setopt=reposdir=/nonexistent, "--setopt=cachedir=\${NODE_WORKSPACE}/dnf-cache", --repofrompath, "id,\${REPO_PATH}", --repo, id]
  - name: rpm-sanity
    trigger: consistent
    timeout: 120
    script: jobs/rpm-sanity.sh
  - name: install-check
    trigger: consistent
    timeout: 120
    script: jobs/install-check.sh
promotions:
  - label: tripleo-ci-testing
    candidate_label: consistent
    criteria: [repoclosure, rpm-sanity]
  - label: current-tripleo
    candidate_label: tripleo-ci-testing
    criteria: [install-check]
promoter:
  interval: 3600
`;
}

/** Inserts a finished vote as an outside CI system would. */
export function vote(db: Db, commitHash: string, distroHash: string, job: string, success: boolean, at = Date.now(), inProgress = false): void {
  db.prepare(`INSERT INTO votes (commit_hash, distro_hash, ci_name, ci_vote, ci_in_progress, user, timestamp) VALUES (?, ?, ?, ?, ?, 'tester', ?)`).run(
    commitHash,
    distroHash,
    job,
    success ? 1 : 0,
    inProgress ? 1 : 0,
    at,
  );
}
