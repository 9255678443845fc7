import { useEffect, useRef, useState, type RefObject } from 'react';
import type { LogChunk } from '../engine/client/index.js';
import { sanitize } from './format.js';
import { RingBuffer } from './ring-buffer.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';

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
export function LogView({ source, fetch, title, running, height, top, maxTop }: LogViewProps) {
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
  const lines = s.lines.slice(0, s.lines.length);
  if (s.partial) lines.push(sanitize(s.partial));
  const status = [
    s.error ? `error: ${s.error}` : s.complete ? 'complete' : top === null ? 'following' : 'running (G follows)',
    s.truncated || s.lines.dropped > 0 ? 'earlier lines dropped' : '',
    'Esc back',
  ]
    .filter(Boolean)
    .join(' · ');
  return <ScrollView title={`Log: ${title}`} lines={lines} height={height} top={top} maxTop={maxTop} status={status} />;
}
