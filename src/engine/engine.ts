import { mkdirSync } from 'node:fs';
import { openDb, type Db } from '../store/db.js';
import { EventLog } from '../store/event-log.js';
import { TrunkStore } from '../store/trunk-store.js';
import { COMMANDS, commandProblem, type Actor, type Command, type CommandName, type CommandResult } from './commands.js';
import { loadConfig, type Config } from './config/load.js';
import { ensureWritableDataDir } from './data-dir.js';
import { PidLock } from './lock.js';
import { dataPaths, type DataPaths } from './paths.js';
import { hashedRepoPath } from './trunk/hashed-path.js';
import { listLinks } from './trunk/links.js';
import { LogFileNotifier } from './trunk/notifier.js';
import { applyPurge, planPurge } from './trunk/purge.js';
import { recoverTrunk } from './trunk/recovery.js';
import { RpmbuildDriver } from './trunk/rpmbuild-driver.js';
import { Trunk, type PassResult } from './trunk/trunk.js';
import { Pipeline } from './ci/pipeline.js';
import { executePipelineCommand } from './ci/pipeline-commands.js';
import { join } from 'node:path';

export interface EngineOptions {
  configDir: string;
  dataDir: string;
}

export const SYSTEM_ACTOR: Actor = { name: 'engine', role: 'operator' };

/** The engine: config, store, event log and the trunk, behind one command dispatcher. */
export class Engine {
  readonly paths: DataPaths;
  readonly db: Db;
  readonly store: TrunkStore;
  readonly events: EventLog;
  readonly trunk: Trunk;
  /** CI pool, jobs, votes and promotions (from pipeline.yml). */
  readonly pipeline: Pipeline;
  readonly paused = new Set<string>();
  private readonly lock: PidLock;

  private constructor(readonly config: Config) {
    this.paths = dataPaths(config.dataDir);
    ensureWritableDataDir(this.paths.dataDir);
    for (const d of [this.paths.reposDir, this.paths.logsDir, this.paths.tmpDir, this.paths.sourcesDir]) mkdirSync(d, { recursive: true });
    this.db = openDb(this.paths.db);
    this.store = new TrunkStore(this.db);
    this.store.syncPackages(config.packages);
    this.events = new EventLog(this.db);
    for (const loop of pausedLoops(this.db)) this.paused.add(loop);
    this.lock = new PidLock(this.paths.lockFile);
    this.trunk = new Trunk(config, this.paths, this.store, this.events, new RpmbuildDriver(), new LogFileNotifier(join(this.paths.logsDir, 'notifications.log')));
    this.pipeline = new Pipeline(config.pipeline, this.db, this.events, this.paths, config.trunk.baseurl);
  }

  /** Loads the config (ConfigError) and opens the data directory (DataDirError). */
  static open(options: EngineOptions): Engine {
    return new Engine(loadConfig(options.configDir, options.dataDir));
  }

  /**
   * Takes the data directory's trunk lock and repairs what an unclean stop left. Returns the pid of the
   * process that holds it instead, if any.
   */
  takeTrunk(): { ok: true } | { ok: false; holder: number | null } {
    if (!this.lock.acquire()) return { ok: false, holder: this.lock.holder() };
    recoverTrunk(this.store, this.events, this.paths.reposDir, this.paths.tmpDir);
    this.pipeline.recover();
    return { ok: true };
  }

  runPass(): Promise<PassResult> {
    return this.trunk.runPass();
  }

  /** Runs an operator command and records it (who, what, result) in the event log. */
  async dispatch(command: Command, actor: Actor): Promise<CommandResult> {
    const problem = commandProblem(command);
    let result: CommandResult;
    if (problem) result = { ok: false, message: problem };
    else if (actor.role !== 'operator') result = { ok: false, message: `${actor.name} is a viewer and may not run ${command.name}` };
    else {
      try {
        result = await this.execute(command.name as CommandName, command.args ?? {}, actor);
      } catch (err) {
        result = { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    }
    const name = typeof command?.name === 'string' ? command.name.slice(0, 100) : String(command?.name);
    this.events.append('command', { name, args: (command?.args ?? {}) as Record<string, unknown>, ok: result.ok, result: result.message }, actor.name);
    return result;
  }

  isDangerous(name: string): boolean {
    return name in COMMANDS && COMMANDS[name as CommandName].dangerous;
  }

  private async execute(name: CommandName, args: Record<string, unknown>, actor: Actor): Promise<CommandResult> {
    switch (name) {
      case 'trunk.run': {
        if (this.trunk.busy) return { ok: true, message: 'a trunk pass is already running' };
        void this.runPass();
        return { ok: true, message: 'trunk pass started' };
      }
      case 'trunk.pause':
      case 'trunk.resume': {
        const pause = name === 'trunk.pause';
        if (pause === this.paused.has('trunk')) return { ok: true, message: `trunk loop already ${pause ? 'paused' : 'running'}` };
        if (pause) this.paused.add('trunk');
        else this.paused.delete('trunk');
        this.events.append(pause ? 'loop.paused' : 'loop.resumed', { loop: 'trunk' }, actor.name);
        return { ok: true, message: `trunk loop ${pause ? 'paused' : 'resumed'}` };
      }
      case 'trunk.recheck':
      case 'trunk.force-rebuild':
        return this.recheck(String(args.package), name === 'trunk.force-rebuild', actor);
      case 'pool.hold':
      case 'pool.release':
      case 'pool.delete':
      case 'jobs.run':
      case 'promote':
      case 'promoter.run':
        return executePipelineCommand(this.pipeline, name, args, actor);
      case 'trunk.purge': {
        const planned = planPurge(this.store, this.paths.reposDir, Number(args.olderThan));
        const plan = args.dryRun === true ? planned : applyPurge(planned, this.store, this.events, this.paths.reposDir, this.paths.tmpDir, actor.name);
        return { ok: true, message: `${args.dryRun === true ? 'would purge' : 'purged'} ${plan.purge.length} repos, kept ${plan.kept.length}`, data: plan };
      }
    }
  }

  private recheck(pkg: string, force: boolean, actor: Actor): CommandResult {
    if (!this.config.packages.some((p) => p.name === pkg)) {
      return { ok: false, message: `unknown package ${JSON.stringify(pkg)} (not in ${this.config.configDir}/rdoinfo.yml)` };
    }
    const last = this.store.lastCommit(pkg);
    if (!last) return { ok: false, message: `${pkg} has never been built; nothing to recheck` };
    if (last.state === 'QUEUED' || last.state === 'BUILDING' || last.state === 'RETRY') {
      return { ok: false, message: `${pkg} ${last.commit_hash.slice(0, 8)} is already ${last.state}` };
    }
    if (last.state === 'SUCCESS' && !force) return { ok: false, message: `${pkg} ${last.commit_hash.slice(0, 8)} built successfully; use --force (F in the console) to rebuild it` };
    if (last.state === 'SUCCESS') {
      // A rebuild republishes the same hashed repo: content CI voted on, or that a label holds, would change.
      const path = hashedRepoPath(last.commit_hash, last.distro_hash, last.extended_hash);
      const holders = [...listLinks(this.paths.reposDir)].filter(([name, target]) => target === path && name !== 'current').map(([name]) => name);
      if (holders.length > 0) {
        return { ok: false, message: `${pkg} ${last.commit_hash.slice(0, 8)} is published at ${path}, which ${holders.join(', ')} point${holders.length === 1 ? 's' : ''} at; a rebuild would change tested content` };
      }
    }
    this.db.prepare("UPDATE commits SET state = 'QUEUED', attempts = 0, queued_at = ? WHERE id = ?").run(Date.now(), last.id);
    this.events.append('commit.queued', { commitId: last.id, package: pkg, commitHash: last.commit_hash, distroHash: last.distro_hash, reason: force ? 'force' : 'recheck' }, actor.name);
    return { ok: true, message: `${pkg} ${last.commit_hash.slice(0, 8)} queued for ${force ? 'rebuild' : 'recheck'}` };
  }

  close(): void {
    this.pipeline.close();
    this.lock.release();
    this.db.close();
  }
}

/** Loops an operator paused and did not resume, from the event log: a pause outlives a restart. */
function pausedLoops(db: Db): string[] {
  const paused = new Set<string>();
  const rows = db.prepare("SELECT type, payload FROM events WHERE type IN ('loop.paused', 'loop.resumed') ORDER BY seq").all() as { type: string; payload: string }[];
  for (const r of rows) {
    const { loop } = JSON.parse(r.payload) as { loop: string };
    if (r.type === 'loop.paused') paused.add(loop);
    else paused.delete(loop);
  }
  return [...paused];
}
