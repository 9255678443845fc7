const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
const PART = /(\d+)(ms|s|m|h|d|w)/gy;

/**
 * A Prometheus duration (`30s`, `5m`, `1h30m`, `3d`, `0s`) in milliseconds, or null when the text is not one.
 * A bare number of seconds is taken too (YAML `for: 300`).
 */
export function parseDuration(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.round(text * 1000) : null;
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (t === '') return null;
  PART.lastIndex = 0;
  let ms = 0;
  let at = 0;
  for (let m = PART.exec(t); m; m = PART.exec(t)) {
    ms += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    at = PART.lastIndex;
  }
  return at === t.length ? ms : null;
}

/** `1h30m`, `45s`, `0s`: the shortest exact Prometheus spelling of a duration. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

/** A duration in its largest unit and the next one (`2d7h`, `5m30s`, `3d`): for a human reading an age. */
export function roughDuration(ms: number): string {
  const units = [
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
  ] as const;
  const i = units.findIndex(([, size]) => ms >= size);
  if (i < 0) return '0s';
  const [unit, size] = units[i]!;
  const first = Math.floor(ms / size);
  const next = units[i + 1];
  const second = next ? Math.floor((ms - first * size) / next[1]) : 0;
  return `${first}${unit}${second > 0 ? `${second}${next![0]}` : ''}`;
}
