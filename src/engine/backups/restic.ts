import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors.js';
import { runTool, type ToolResult } from '../run-tool.js';
import type { BackupsConfig } from './config.js';

export interface ResticSnapshot {
  id: string;
  short_id: string;
  time: string;
  paths: string[];
  tags?: string[] | null;
  hostname: string;
}

export interface ResticBackupSummary {
  snapshot_id: string;
  data_added: number;
  total_bytes_processed: number;
  total_files_processed: number;
  total_duration: number;
}

export interface ResticForgetGroup {
  keep: ResticSnapshot[] | null;
  remove: ResticSnapshot[] | null;
  reasons: { snapshot: ResticSnapshot; matches: string[] }[] | null;
}

/**
 * restic, driven with argument arrays. The password goes by RESTIC_PASSWORD_FILE only; restic's failures become
 * EngineErrors that say what is wrong with the repository (missing, locked, wrong password, disk full).
 */
export class Restic {
  constructor(
    private readonly config: BackupsConfig,
    private readonly logDir: string,
    private readonly cacheDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  get repository(): string {
    return this.config.repository;
  }

  async run(args: readonly string[], options: { cwd?: string; timeoutMs?: number; allowExit?: number[] } = {}): Promise<ToolResult> {
    const r = await runTool('restic', ['-r', this.config.repository, ...args], {
      cwd: options.cwd ?? this.logDir,
      timeoutMs: options.timeoutMs ?? this.config.timeoutMs,
      env: { RESTIC_PASSWORD_FILE: this.config.passwordFile, RESTIC_CACHE_DIR: this.cacheDir, RESTIC_PROGRESS_FPS: '0.1' },
      logFile: join(this.logDir, 'restic.log'),
    });
    if (r.exitCode !== 0 && !(options.allowExit ?? []).includes(r.exitCode)) throw this.failure(args[0] ?? '', r);
    return r;
  }

  /** True when the repository answers with this password; false when there is none at that location. */
  async exists(): Promise<boolean> {
    try {
      await this.run(['cat', 'config'], { timeoutMs: 60_000 });
      return true;
    } catch (err) {
      if (err instanceof EngineError && err.message.includes('is missing')) return false;
      throw err;
    }
  }

  async init(): Promise<void> {
    await this.run(['init'], { timeoutMs: 120_000 });
  }

  async backup(cwd: string, paths: readonly string[], tags: readonly string[], time?: string): Promise<ResticBackupSummary> {
    const args = ['backup', '--json', '--host', 'rdo-console', ...tags.flatMap((t) => ['--tag', t]), ...(time ? ['--time', time] : []), '--', ...paths];
    const r = await this.run(args, { cwd });
    const summary = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { message_type?: string } & ResticBackupSummary)
      .find((m) => m.message_type === 'summary');
    if (!summary) throw new EngineError('internal', 'restic backup printed no summary');
    // The summary names the snapshot by its short id; the rest of the engine uses full ids.
    const full = await this.run(['snapshots', '--json', summary.snapshot_id], { timeoutMs: 120_000 });
    const id = ((JSON.parse(full.stdout || '[]') as ResticSnapshot[] | null) ?? [])[0]?.id;
    return { ...summary, snapshot_id: id ?? summary.snapshot_id };
  }

  async snapshots(): Promise<ResticSnapshot[]> {
    const r = await this.run(['snapshots', '--json'], { timeoutMs: 120_000 });
    return (JSON.parse(r.stdout || '[]') as ResticSnapshot[] | null) ?? [];
  }

  /** `forget` with the retention policy; with dryRun, the plan only (nothing removed). */
  async forget(keep: BackupsConfig['keep'], dryRun: boolean): Promise<ResticForgetGroup[]> {
    const args = [
      'forget',
      '--json',
      '--group-by',
      'host',
      '--keep-daily',
      String(keep.daily),
      '--keep-weekly',
      String(keep.weekly),
      '--keep-monthly',
      String(keep.monthly),
    ];
    const r = await this.run(dryRun ? [...args, '--dry-run'] : [...args, '--prune']);
    const line = r.stdout.split('\n').find((l) => l.startsWith('['));
    return line ? ((JSON.parse(line) as ResticForgetGroup[] | null) ?? []) : [];
  }

  /** `restic check`: ok, or the lines that say what is wrong. */
  async check(): Promise<{ ok: boolean; problems: string[] }> {
    const r = await this.run(['check'], { allowExit: [1] });
    if (r.exitCode === 0) return { ok: true, problems: [] };
    const text = `${r.stdout}\n${r.stderr}`;
    const classified = this.classify(text);
    if (classified) throw classified;
    const problems = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /error|Fatal|missing|not found|damaged|failed/i.test(l))
      .slice(0, 10);
    return { ok: false, problems: problems.length ? problems : ['restic check failed'] };
  }

  async restore(snapshot: string, target: string): Promise<void> {
    await this.run(['restore', snapshot, '--target', target]);
  }

  async version(): Promise<string> {
    const r = await runTool('restic', ['version'], { cwd: this.logDir, timeoutMs: 30_000 });
    return r.stdout.trim().split(' ').slice(0, 2).join(' ');
  }

  private classify(text: string): EngineError | null {
    const where = this.config.repository;
    if (/Is there a repository at the following location|unable to open config file|repository does not exist/i.test(text))
      return new EngineError('unavailable', `restic repository ${where} is missing (no repository at that location)`);
    if (/wrong password or no key found/i.test(text))
      return new EngineError('forbidden', `wrong password for restic repository ${where} (password file ${this.config.passwordFile})`);
    if (/already locked|unable to create lock/i.test(text))
      return new EngineError(
        'conflict',
        `restic repository ${where} is locked by another restic process (see "restic list locks"; a stale lock goes with "restic unlock")`,
      );
    if (/no space left on device/i.test(text)) return new EngineError('unavailable', `disk full while writing to restic repository ${where}`);
    return null;
  }

  private failure(subcommand: string, r: ToolResult): EngineError {
    const text = `${r.stdout}\n${r.stderr}`;
    if (r.timedOut) return new EngineError('unavailable', `restic ${subcommand} timed out`);
    const lines = r.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ');
    return this.classify(text) ?? new EngineError('unavailable', `restic ${subcommand} exited ${r.exitCode}${lines ? `: ${lines}` : ''}`);
  }
}
