import type { BuildStatus, CommitState } from '../../engine/trunk/types.js';

export interface CommitRow {
  id: number;
  package: string;
  commit_hash: string;
  distro_hash: string;
  extended_hash: string | null;
  commit_branch: string;
  dt_commit: number;
  dt_distro: number;
  subject: string;
  author: string;
  state: CommitState;
  attempts: number;
  queued_at: number;
}

export interface BuildRow {
  id: number;
  commit_id: number;
  package: string;
  attempt: number;
  status: 'BUILDING' | BuildStatus;
  worker: number | null;
  started_at: number;
  finished_at: number | null;
  version: string | null;
  release: string | null;
  nvr: string | null;
  rpms: string;
  log_path: string | null;
  repo_path: string | null;
  error: string | null;
}

export interface RepoRow {
  path: string;
  commit_id: number;
  build_id: number;
  created_at: number;
  consistent: number;
  purged_at: number | null;
}
