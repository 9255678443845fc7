/** A JSON line of engine.log as one readable line: time, level, area, message, then the other fields. */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['time', 'level', 'area', 'msg', 'pid', 'hostname', 'err']);

export interface LogEntry {
  time?: string;
  level?: number;
  area?: string;
  msg?: string;
  err?: { message?: string; stack?: string };
  [key: string]: unknown;
}

export function parseLogLine(line: string): LogEntry | null {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as LogEntry) : null;
  } catch {
    return null;
  }
}

export function levelNumber(name: string): number | undefined {
  const n = Object.entries(LEVELS).find(([, l]) => l === name.toUpperCase())?.[0];
  return n === undefined ? undefined : Number(n);
}

export function formatLogEntry(e: LogEntry): string {
  const time = (e.time ?? '').replace('T', ' ').replace(/Z$/, '');
  const level = (LEVELS[e.level ?? 30] ?? String(e.level)).padEnd(5);
  const extra = Object.entries(e)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const err = e.err?.stack ?? e.err?.message;
  return `${time} ${level} ${(e.area ?? '-').padEnd(10)} ${e.msg ?? ''}${extra ? `  ${extra}` : ''}${err ? `\n    ${err.replace(/\n/g, '\n    ')}` : ''}`;
}
