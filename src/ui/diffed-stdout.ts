import { EventEmitter } from 'node:events';
import { drawAll, drawChanges, parseFrame, type Screen } from './screen-diff.js';

// Synchronized output (DEC mode 2026): the terminal shows a multi-row update at once, without tearing.
const BEGIN_SYNC = '\x1b[?2026h';
const END_SYNC = '\x1b[?2026l';

/**
 * What Ink writes to, in front of the terminal: Ink (in its `debug` mode) hands over each whole frame, and this
 * writes only the cells that changed since the previous one — a cursor move costs a few hundred bytes, an idle
 * screen nothing. Frames written in the same tick are drawn once. A resize redraws everything once.
 */
export class DiffedStdout extends EventEmitter {
  readonly isTTY = true;
  /** Bytes written to the terminal so far (the console benchmark reads it). */
  bytesWritten = 0;
  private shown: Screen | null = null;
  private pending: string | null = null;
  private scheduled: NodeJS.Immediate | null = null;
  private closed = false;

  constructor(private readonly terminal: NodeJS.WriteStream) {
    super();
    terminal.on('resize', this.onResize);
  }

  get columns(): number {
    return this.terminal.columns || 80;
  }

  get rows(): number {
    return this.terminal.rows || 24;
  }

  write(frame: string | Uint8Array): boolean {
    if (this.closed) return true;
    this.pending = typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8');
    this.scheduled ??= setImmediate(this.flush);
    return true;
  }

  /** Draws the latest frame now. */
  readonly flush = (): void => {
    this.scheduled = null;
    if (this.pending === null || this.closed) return;
    const next = parseFrame(this.pending, this.columns, this.rows, this.shown);
    this.pending = null;
    const { text, rows } = this.shown ? drawChanges(this.shown, next) : { text: drawAll(next), rows: next.rows };
    this.shown = next;
    if (text === '') return;
    // One row is one write the terminal shows at once anyway; the bracket would double an idle clock's bytes.
    this.send(rows > 1 ? BEGIN_SYNC + text + END_SYNC : text);
  };

  /** Nothing more reaches the terminal (the console is leaving the alternate screen). */
  close(): void {
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.terminal.off('resize', this.onResize);
  }

  private send(text: string): void {
    this.bytesWritten += Buffer.byteLength(text);
    this.terminal.write(text);
  }

  private readonly onResize = (): void => {
    this.shown = null;
    this.emit('resize');
  };
}
