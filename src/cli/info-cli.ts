import { loadBackupsConfig } from '../engine/backups/config.js';
import { loadConfig } from '../engine/config/load.js';
import { dataPaths } from '../engine/paths.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { configDirOf, dataDirOf, type GlobalOptions } from './context.js';

export function info(o: GlobalOptions, out: (line: string) => void): number {
  const config = loadConfig(configDirOf(o), dataDirOf(o));
  const p = dataPaths(config.dataDir);
  const backups = loadBackupsConfig(config.configDir, config.dataDir);
  const facts = {
    config: config.configDir,
    data: p.dataDir,
    database: p.db,
    repos: p.reposDir,
    logs: p.logsDir,
    build_logs: p.buildLogsDir,
    engine_log: p.engineLog,
    packages: config.packages.length,
    workers: config.trunk.workers,
    build_driver: config.trunk['build-driver'],
    backup_repo: `${backups.repository}${backups.local ? ' (local: not offsite)' : ''}`,
    backup_pwfile: backups.passwordFile,
  };
  if (o.json) out(JSON.stringify(facts, null, 2));
  else for (const [k, v] of Object.entries(facts)) out(`${k.padEnd(12)} ${v}`);
  return 0;
}

export function registerInfoCli(p: Program): void {
  act(p, withJson(leaf(p, 'info', 'The config, data and log paths in use')), (_a, o) => info(o, p.io.out));
}
