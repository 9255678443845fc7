import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_LOG } from '../engine/log.js';
import { formatLogEntry, levelNumber, parseLogLine, type LogEntry } from '../engine/log-format.js';
import { dataPaths } from '../engine/paths.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { dataDirOf, UsageError } from './context.js';

interface LogsOptions {
  area?: string;
  level: string;
  lines: number;
  follow: boolean;
  json: boolean;
}

/** `rdo-console logs`: the engine log (logs/engine.log and the newest rotated file), readable, filtered. */
export function registerLogsCli(p: Program): void {
  act(
    p,
    withJson(leaf(p, 'logs', 'Print the engine log readably (JSON lines in logs/engine.log)'))
      .option('--area <area>', 'only this area (trunk, ci, promotions, daemon, …)')
      .option('--level <level>', 'at least this level: debug, info, warn, error', 'info')
      .option('-n, --lines <n>', 'how many of the last lines', '100')
      .option('-f, --follow', 'keep printing new lines as they are written'),
    async (_a, o) => {
      const lines = Number(o.lines);
      if (!Number.isInteger(lines) || lines < 0) throw new UsageError(`--lines must be a whole number (got ${JSON.stringify(o.lines)})`);
      if (levelNumber(String(o.level)) === undefined)
        throw new UsageError(`--level must be one of trace, debug, info, warn, error, fatal (got ${JSON.stringify(o.level)})`);
      const dir = dataPaths(dataDirOf(o)).logsDir;
      return printLogs(dir, { area: o.area as string | undefined, level: String(o.level), lines, follow: Boolean(o.follow), json: Boolean(o.json) }, p.io.out);
    },
  );
}

async function printLogs(dir: string, o: LogsOptions, out: (line: string) => void): Promise<number> {
  const file = join(dir, ENGINE_LOG);
  const min = levelNumber(o.level)!;
  const keep = (e: LogEntry | null): e is LogEntry => e !== null && (e.level ?? 30) >= min && (o.area === undefined || e.area === o.area);
  const show = (e: LogEntry) => out(o.json ? JSON.stringify(e) : formatLogEntry(e));
  const history = [`${file}.1`, file].filter((f) => existsSync(f)).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
  const matching = history.map(parseLogLine).filter(keep);
  for (const e of matching.slice(Math.max(0, matching.length - o.lines))) show(e);
  if (!o.follow) return 0;
  let offset = existsSync(file) ? statSync(file).size : 0;
  let partial = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(file)) continue;
    const size = statSync(file).size;
    if (size < offset) offset = 0; // rotated: the new file starts over
    if (size === offset) continue;
    const fd = openSync(file, 'r');
    try {
      const length = Math.min(fstatSync(fd).size - offset, 4 * 1024 * 1024);
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      offset += length;
      const text = partial + buf.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const e of parts.map(parseLogLine).filter(keep)) show(e);
    } finally {
      closeSync(fd);
    }
  }
}
