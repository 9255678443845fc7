import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DataPaths {
  dataDir: string;
  db: string;
  reposDir: string;
  logsDir: string;
  buildLogsDir: string;
  engineLog: string;
  tmpDir: string;
  sourcesDir: string;
  demoDir: string;
  lockFile: string;
}

export function dataPaths(dataDir: string): DataPaths {
  const d = resolve(dataDir);
  return {
    dataDir: d,
    db: join(d, 'trunk.db'),
    reposDir: join(d, 'repos'),
    logsDir: join(d, 'logs'),
    buildLogsDir: join(d, 'logs', 'trunk'),
    engineLog: join(d, 'logs', 'engine.log'),
    tmpDir: join(d, 'tmp'),
    sourcesDir: join(d, 'sources'),
    demoDir: join(d, 'demo'),
    lockFile: join(d, 'trunk.lock'),
  };
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'rdo-console');
}

/** The directory holding rdo-console's package.json (works from src/ under vitest and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'rdo-console') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the rdo-console package root');
    dir = up;
  }
}

export function defaultConfigDir(): string {
  return join(packageRoot(), 'config');
}
