/**
 * A frame as the terminal shows it (a grid of cells, each a character and the style it is drawn in), and the
 * escape sequences that turn one frame into the next by rewriting only the cells that differ. Ink's own
 * full-screen path clears and rewrites the whole terminal on every frame (ink#781, #894); over SSH that is
 * kilobytes per key press.
 */
import stringWidth from 'string-width';

/** `ch` is one grapheme; '' is the right half of the wide character before it. `style` is a canonical SGR. */
export interface Cell {
  ch: string;
  style: string;
}

export interface Screen {
  cols: number;
  rows: number;
  /** The frame's lines as Ink wrote them: a row whose line did not change is skipped without comparing cells. */
  lines: string[];
  cells: Cell[][];
}

const ESC = '\x1b';
const BLANK: Cell = { ch: ' ', style: '' };
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
// CSI (with its final byte), OSC (ended by BEL or ST), or a lone two-byte escape.
const ESCAPE = /\x1b(?:\[([0-9;:?<>=]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/y;

interface Pen {
  fg: string;
  bg: string;
  flags: Set<number>;
}

const FLAG_OFF: Record<number, number[]> = { 22: [1, 2], 23: [3], 24: [4], 25: [5], 27: [7], 28: [8], 29: [9], 55: [53] };

function applySgr(pen: Pen, params: string): void {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) {
      pen.fg = '';
      pen.bg = '';
      pen.flags.clear();
    } else if (c === 38 || c === 48) {
      const n = codes[i + 1] === 5 ? 3 : codes[i + 1] === 2 ? 5 : 1;
      const color = codes.slice(i, i + n).join(';');
      if (c === 38) pen.fg = color;
      else pen.bg = color;
      i += n - 1;
    } else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) pen.fg = String(c);
    else if (c === 39) pen.fg = '';
    else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) pen.bg = String(c);
    else if (c === 49) pen.bg = '';
    else if (FLAG_OFF[c]) for (const f of FLAG_OFF[c]!) pen.flags.delete(f);
    else if ((c >= 1 && c <= 9) || c === 53) pen.flags.add(c);
  }
}

function styleOf(pen: Pen): string {
  return [...[...pen.flags].sort((a, b) => a - b).map(String), pen.fg, pen.bg].filter(Boolean).join(';');
}

/** One line of a frame as cells, padded with blanks to `cols`; escapes other than SGR take no room and are dropped. */
export function parseLine(line: string, cols: number): Cell[] {
  const cells: Cell[] = [];
  const pen: Pen = { fg: '', bg: '', flags: new Set() };
  let style = '';
  let text = '';
  const flushText = () => {
    for (const { segment } of segmenter.segment(text)) {
      if (segment === '\t') {
        do cells.push({ ch: ' ', style });
        while (cells.length % 8 !== 0);
        continue;
      }
      const width = stringWidth(segment);
      if (width === 0) {
        const last = cells[cells.length - 1];
        if (last) last.ch += segment;
        continue;
      }
      cells.push({ ch: segment, style });
      if (width === 2) cells.push({ ch: '', style });
    }
    text = '';
  };
  let i = 0;
  while (i < line.length) {
    const at = line.indexOf(ESC, i);
    if (at === -1) {
      text += line.slice(i);
      break;
    }
    text += line.slice(i, at);
    ESCAPE.lastIndex = at;
    const m = ESCAPE.exec(line);
    if (!m) {
      i = at + 1;
      continue;
    }
    if (m[2] === 'm') {
      flushText();
      applySgr(pen, m[1] ?? '');
      style = styleOf(pen);
    }
    i = ESCAPE.lastIndex;
  }
  flushText();
  cells.length = Math.min(cells.length, cols);
  // A wide character cut at the last column would spill over: it becomes a blank.
  if (cells.length === cols && cells[cols - 1]!.ch !== '' && stringWidth(cells[cols - 1]!.ch) === 2) cells[cols - 1] = { ...BLANK };
  while (cells.length < cols) cells.push(BLANK);
  return cells;
}

/**
 * A frame (lines joined by '\n', as Ink renders it) on a terminal of cols × rows; lines past the last row are cut.
 * A line that `prev` (same size) already had keeps its cells: only changed lines are parsed.
 */
export function parseFrame(frame: string, cols: number, rows: number, prev?: Screen | null): Screen {
  const lines = frame.split('\n').slice(0, rows);
  while (lines.length < rows) lines.push('');
  const reuse = prev && prev.cols === cols && prev.rows === rows ? prev : null;
  return { cols, rows, lines, cells: lines.map((l, r) => (reuse && reuse.lines[r] === l ? reuse.cells[r]! : parseLine(l, cols))) };
}

const moveTo = (row: number, col: number) => `${ESC}[${row + 1};${col + 1}H`;
const sgr = (style: string) => (style === '' ? `${ESC}[0m` : `${ESC}[0;${style}m`);
const same = (a: Cell, b: Cell) => a.ch === b.ch && a.style === b.style;

/** Writes cells [from, to) of a row, starting with the cursor at `from`; returns the pen's style after. */
function writeCells(cells: Cell[], from: number, to: number, pen: string, out: string[], erase = true): string {
  // Trailing blanks are erased in one sequence rather than written one by one.
  let end = to;
  if (to === cells.length) while (end > from && cells[end - 1]!.ch === ' ' && cells[end - 1]!.style === '') end--;
  for (let c = from; c < end; c++) {
    const cell = cells[c]!;
    if (cell.ch === '') continue;
    if (cell.style !== pen) {
      out.push(sgr(cell.style));
      pen = cell.style;
    }
    out.push(cell.ch);
  }
  if (end < to && erase) {
    if (pen !== '') out.push(sgr(''));
    out.push(`${ESC}[K`);
    pen = '';
  }
  return pen;
}

/** Everything, for the first frame and after a resize. */
export function drawAll(next: Screen): string {
  const out: string[] = [`${ESC}[0m${ESC}[H${ESC}[2J`];
  let pen = '';
  next.cells.forEach((row, r) => {
    if (row.every((c) => c.ch === ' ' && c.style === '')) return;
    out.push(moveTo(r, 0));
    pen = writeCells(row, 0, row.length, pen, out, false);
  });
  if (pen !== '') out.push(sgr(''));
  return out.join('');
}

// Rewriting a few unchanged cells is cheaper than a cursor move (`ESC[r;cH`, 6–8 bytes) to skip them.
const MAX_GAP = 4;

/**
 * The cells that differ from `prev`, as runs of cells with a cursor move before each ('' when nothing differs),
 * and how many rows they touch.
 */
export function drawChanges(prev: Screen, next: Screen): { text: string; rows: number } {
  if (prev.cols !== next.cols || prev.rows !== next.rows) return { text: drawAll(next), rows: next.rows };
  const out: string[] = [];
  let pen: string | null = null;
  let rows = 0;
  for (let r = 0; r < next.rows; r++) {
    if (prev.lines[r] === next.lines[r]) continue;
    const before = out.length;
    const a = prev.cells[r]!;
    const b = next.cells[r]!;
    let end = b.length;
    while (end > 0 && b[end - 1]!.ch === ' ' && b[end - 1]!.style === '') end--;
    let c = 0;
    while (c < next.cols) {
      if (same(a[c]!, b[c]!)) {
        c++;
        continue;
      }
      let from = c;
      let to = c + 1;
      for (let gap = 0; to < next.cols && gap <= MAX_GAP; to++) {
        if (same(a[to]!, b[to]!)) gap++;
        else gap = 0;
        if (gap > MAX_GAP) break;
      }
      to -= Math.min(to - c - 1, countSameBefore(a, b, to, c + 1));
      // Past the new row's last character, erasing the rest of the line is shorter than writing blanks.
      if (to > end) to = next.cols;
      // A run starts and ends on whole characters, in the old frame as in the new.
      while (from > 0 && (a[from]!.ch === '' || b[from]!.ch === '')) from--;
      while (to < next.cols && (a[to]!.ch === '' || b[to]!.ch === '')) to++;
      out.push(moveTo(r, from));
      pen = writeCells(b, from, to, pen ?? '\0', out);
      c = to;
    }
    if (out.length > before) rows++;
  }
  if (pen !== null && pen !== '') out.push(sgr(''));
  return { text: out.join(''), rows };
}

/** How many cells just before `to` (not going below `min`) are the same in both rows. */
function countSameBefore(a: Cell[], b: Cell[], to: number, min: number): number {
  let n = 0;
  while (to - n - 1 >= min && same(a[to - n - 1]!, b[to - n - 1]!)) n++;
  return n;
}
