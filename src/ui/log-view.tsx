import { Text } from 'ink';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { LogChunk } from '../engine/client/index.js';
import { sanitize } from './format.js';
import { RingBuffer } from './ring-buffer.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme } from './theme.js';
import type { LogLook } from './ui-state.js';

/** Where a log view puts the lines it draws, so the shell's n/N can search them. */
export const LogLinesContext = createContext<RefObject<string[]> | null>(null);

export const LOG_LINES = 5000;
const CHUNK_BYTES = 256 * 1024;
const POLL_MS = 500;

/** Reads a log from byte `offset` (negative: the last `limit` bytes), at most `limit` bytes. */
export type FetchLog = (offset: number, limit: number) => Promise<LogChunk>;

export interface LogViewProps {
  /** Changes when a different log is shown (the view then starts over). */
  source: string;
  fetch: FetchLog;
  title: string;
  /** The snapshot still shows the build or job running (its log may not exist yet). */
  running: boolean;
  look: LogLook;
  width: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}

interface LogState {
  lines: RingBuffer<string>;
  /** The last line, still without its newline. */
  partial: string;
  complete: boolean;
  truncated: boolean;
  error: string | null;
}

/** A log (build or CI job) in a bounded ring buffer; follows (polling with offsets) while it grows. */
export function LogView({ source, fetch, title, running, look, width, height, top, maxTop }: LogViewProps) {
  const theme = useTheme();
  const shared = useContext(LogLinesContext);
  const runningRef = useRef(running);
  runningRef.current = running;
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const log = useRef<LogState>({ lines: new RingBuffer(LOG_LINES), partial: '', complete: false, truncated: false, error: null });
  const [, setVersion] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    log.current = { lines: new RingBuffer(LOG_LINES), partial: '', complete: false, truncated: false, error: null };
    // A negative offset asks for the tail: a huge log starts at its last chunk.
    let offset = -1;
    const poll = async () => {
      const s = log.current;
      try {
        const chunk = await fetchRef.current(offset, CHUNK_BYTES);
        if (stopped) return;
        const parts = (s.partial + chunk.text).split('\n');
        s.partial = parts.pop() ?? '';
        s.lines.push(...parts.map(sanitize));
        s.truncated ||= chunk.truncated;
        s.error = null;
        const more = Buffer.byteLength(chunk.text) >= CHUNK_BYTES;
        s.complete = chunk.complete && !more && !runningRef.current;
        offset = chunk.offset;
        if (!s.complete) timer = setTimeout(poll, more ? 0 : POLL_MS);
      } catch (err) {
        if (stopped) return;
        s.error = err instanceof Error ? err.message : String(err);
        timer = setTimeout(poll, POLL_MS * 4);
      }
      setVersion((v) => v + 1);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [source]);

  const s = log.current;
  const raw = s.lines.slice(0, s.lines.length);
  if (s.partial) raw.push(sanitize(s.partial));
  // Wrapped, a long line takes as many rows as it needs; else it is shown from column `left` (← → move it).
  const room = Math.max(1, width);
  const shown = look.wrap ? raw.flatMap((l) => (l.length <= room ? [l] : chunks(l, room))) : raw;
  if (shared) shared.current = shown;
  const lines: ReactNode[] = shown.map((l) => highlight(look.wrap ? l : l.slice(look.left), look.search, theme.tone('accent')));
  const status = [
    s.error ? `error: ${s.error}` : s.complete ? 'complete' : top === null ? 'following' : 'running (G follows)',
    s.truncated || s.lines.dropped > 0 ? 'earlier lines dropped' : '',
    look.wrap ? 'wrapped (w unwraps)' : look.left > 0 ? `from column ${look.left + 1} (← back)` : '',
    look.search ? `search "${look.search}": ${shown.filter((l) => l.toLowerCase().includes(look.search.toLowerCase())).length} lines` : '',
    'Esc back',
  ]
    .filter(Boolean)
    .join(' · ');
  return <ScrollView title={`Log: ${title}`} lines={lines} height={height} top={top} maxTop={maxTop} status={status} width={width} />;
}

function chunks(line: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
  return out;
}

/** The line with every match of `query` (case-insensitive) marked: inverse, and in the accent colour. */
function highlight(line: string, query: string, style: object): ReactNode {
  if (!query) return line;
  const lower = line.toLowerCase();
  const q = query.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, at)) {
    if (i > at) parts.push(line.slice(at, i));
    parts.push(
      <Text key={i} inverse {...style}>
        {line.slice(i, i + q.length)}
      </Text>,
    );
    at = i + q.length;
  }
  if (parts.length === 0) return line;
  if (at < line.length) parts.push(line.slice(at));
  return <Text>{parts}</Text>;
}
