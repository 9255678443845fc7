import { constants, createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { send, sendError } from './http-response.js';

const TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.rpm': 'application/x-rpm',
  '.gz': 'application/gzip',
  '.xz': 'application/x-xz',
  '.bz2': 'application/x-bzip2',
  '.zst': 'application/zstd',
  '.sqlite': 'application/vnd.sqlite3',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};
const TEXT = new Set(['.repo', '.csv', '.log', '.txt', '.yaml', '.yml', '.spec', '.asc']);

/**
 * Serves `reposDir` read-only: `path` is what follows `/repos/` in the request, still percent-encoded.
 * Symlinks are followed, but nothing that resolves outside `reposDir` is ever read or listed.
 */
export function serveRepos(reposDir: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveTree(reposDir, '/repos/', path, req, res);
}

/** Serves the job logs (`logs/jobs/`) read-only at `/logs/`, with the same containment rules as `/repos/`. */
export function serveJobLogs(jobLogsDir: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveTree(jobLogsDir, '/logs/', path, req, res);
}

async function serveTree(rootDir: string, mount: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, `${req.method} not allowed on ${mount} (read-only)`, { Allow: 'GET, HEAD' });
  const segments = decodeSegments(path);
  if (segments === null) return sendError(res, 400, 'bad path');
  if (segments.includes('..')) return sendError(res, 403, 'path leaves the repository root');
  let root: string;
  try {
    root = await realpath(rootDir);
  } catch (err) {
    return fsError(res, err);
  }
  let target: string;
  try {
    target = await realpath(join(root, ...segments));
  } catch (err) {
    return fsError(res, err);
  }
  if (target !== root && !target.startsWith(root + sep)) return sendError(res, 403, 'path resolves outside the repository root');

  let file;
  try {
    file = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    return fsError(res, err);
  }
  const stat = await file.stat().catch(async (err: unknown) => {
    await file.close();
    throw err;
  });
  if (stat.isDirectory()) {
    await file.close();
    if (!path.endsWith('/') && path !== '') return redirectToDirectory(req, res);
    return listDirectory(target, mount, segments, res);
  }
  if (!stat.isFile()) {
    await file.close();
    return sendError(res, 404, 'not a file');
  }
  const ext = extname(target).toLowerCase();
  res.writeHead(200, {
    'Content-Type': TYPES[ext] ?? (TEXT.has(ext) ? 'text/plain; charset=utf-8' : 'application/octet-stream'),
    'Content-Length': stat.size,
    'Last-Modified': stat.mtime.toUTCString(),
  });
  if (req.method === 'HEAD' || stat.size === 0) {
    await file.close();
    res.end();
    return;
  }
  // Bounded by the size announced: a build log may grow while it is sent.
  const stream = createReadStream('', { fd: file, start: 0, end: stat.size - 1 });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

function decodeSegments(path: string): string[] | null {
  const out: string[] = [];
  for (const raw of path.split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (s.includes('/') || s.includes('\\') || s.includes('\0')) return null;
    if (s !== '' && s !== '.') out.push(s);
  }
  return out;
}

function fsError(res: ServerResponse, err: unknown): void {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return sendError(res, 404, 'not found');
  if (code === 'EACCES' || code === 'EPERM') return sendError(res, 403, 'permission denied');
  sendError(res, 500, `cannot read: ${code ?? String(err)}`);
}

function redirectToDirectory(req: IncomingMessage, res: ServerResponse): void {
  const [pathname, query] = (req.url ?? '/').split('?', 2);
  const location = `${pathname}/${query === undefined ? '' : `?${query}`}`;
  send(res, 301, 'text/plain; charset=utf-8', `see ${location}\n`, { Location: location });
}

async function listDirectory(dir: string, mount: string, segments: string[], res: ServerResponse): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const title = escapeHtml(`${mount}${segments.map((s) => `${s}/`).join('')}`);
  const links = await Promise.all(entries.map(async (e) => link(e.name, e.isDirectory() || (e.isSymbolicLink() && (await isDirectory(join(dir, e.name)))))));
  const rows = [...(segments.length > 0 ? ['<a href="../">../</a>'] : []), ...links];
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Index of ${title}</title></head>\n<body><h1>Index of ${title}</h1>\n<pre>\n${rows.join('\n')}\n</pre></body></html>\n`;
  send(res, 200, 'text/html; charset=utf-8', html);
}

function link(name: string, isDir: boolean): string {
  const slash = isDir ? '/' : '';
  return `<a href="${encodeURIComponent(name)}${slash}">${escapeHtml(name)}${slash}</a>`;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
