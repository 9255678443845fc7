/** Pure text formatting for rows and lines. */

export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 8) : '-';
}

/** `1.2.0-0.20261122101010.abc1234.el9` from the NVR: the package's name is already in its own column. */
export function versionRelease(nvr: string | null, pkg: string): string | null {
  return nvr && nvr.startsWith(`${pkg}-`) ? nvr.slice(pkg.length + 1) : nvr;
}

/** Pads or truncates (with an ellipsis) to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const t = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…`.slice(0, width) : text;
  return align === 'right' ? t.padStart(width) : t.padEnd(width);
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** A compact age of at most 5 columns: `45s`, `12m`, `3h05m`, `14h`, `2d03h`, `12d`. */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 10) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  if (h < 24) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 10 ? `${d}d${String(h % 24).padStart(2, '0')}h` : `${d}d`;
}

/** An age in its largest unit only (`40s`, `12m`, `5h`, `3d`): for narrow "x ago" columns. */
export function shortAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function ago(ts: number | null, now: number): string {
  return ts === null ? '-' : `${duration(now - ts)} ago`;
}

export function clock(ts: number): string {
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `HH:MM:SS`, local time (the header's "as of"). */
export function timeOfDay(ts: number): string {
  return clock(ts).slice(11);
}

/** Makes a line of foreign text (a build log) safe to draw: no escape sequences or control characters. */
export function sanitize(line: string): string {
  return line
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, '')
    .replace(/\t/g, '    ')
    .replace(/[\x00-\x1f\x7f\u0080-\u009f]/g, '');
}

/** First visible row of a window of `height` rows over `count` rows that keeps `selected` in view. */
export function windowStart(count: number, selected: number, height: number): number {
  if (count <= height) return 0;
  return Math.min(Math.max(0, selected - Math.floor(height / 2)), count - height);
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** At most `max` lines of `text` wrapped at `width`; when some are left out, the last shown ends with `…`. */
export function wrapLines(text: string, width: number, max: number): string[] {
  if (max <= 0) return [];
  const lines = wrapText(text, width);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const lastLine = kept[max - 1]!;
  kept[max - 1] = lastLine.length < width ? `${lastLine}…` : `${lastLine.slice(0, width - 1)}…`;
  return kept;
}

/** Greedy word wrap to `width`; a word longer than the width is broken; a newline starts a new line. */
export function wrapText(text: string, width: number): string[] {
  if (text.includes('\n')) return text.split('\n').flatMap((paragraph) => (paragraph ? wrapText(paragraph, width) : ['']));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line) lines.push(line);
  return lines;
}
