import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The http(s) URL a vote carries for a job log: the daemon serves `logs/jobs/` at `/logs/`, beside `/repos/`, so
 * the logs' base is `baseurl` with its last segment replaced by `logs` (`http://h:8080/repos` → `http://h:8080/logs/`).
 * A baseurl that is not http(s) leaves a file:// URL (only readable on this host).
 */
export function jobLogUrl(baseurl: string, jobLogsDir: string, logPath: string): string {
  let base: URL;
  try {
    base = new URL('logs/', baseurl.replace(/\/+$/, ''));
  } catch {
    return pathToFileURL(logPath).href;
  }
  const rel = relative(jobLogsDir, logPath);
  if (!/^https?:$/.test(base.protocol) || rel.startsWith('..')) return pathToFileURL(logPath).href;
  return new URL(rel.split(sep).map(encodeURIComponent).join('/'), base).href;
}
