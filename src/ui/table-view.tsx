import { Table } from '@alcalzone/ink-table';
import { Box, Text } from 'ink';
import type { RefObject } from 'react';
import { fit } from './format.js';
import { scrollPosition, type ScrollTop } from './scroll.js';
import { useTheme } from './theme.js';

export type TableRow = Record<string, string>;

export interface TableViewProps {
  title: string;
  /** Lines above the table (a summary); each is drawn truncated. */
  intro?: readonly string[];
  rows: readonly TableRow[];
  columns: readonly string[];
  /** The column that gives up width when the table is wider than the terminal (its cells end in `…`). */
  squeeze: string;
  width: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
  status?: string;
}

/** ink-table draws a border line above the heading, below it, between rows and at the end. */
const tableLines = (rows: number) => 3 + 2 * rows;

/**
 * A static table (votes, snapshots) drawn by ink-table, a page of rows at a time, scrolled by the shell like
 * the other views.
 */
export function TableView({ title, intro = [], rows, columns, squeeze, width, height, top, maxTop, status }: TableViewProps) {
  const theme = useTheme();
  const room = Math.max(0, height - 1 - intro.length);
  const perPage = Math.max(1, Math.floor((room - 3) / 2));
  const max = Math.max(0, rows.length - perPage);
  maxTop.current = max;
  const first = scrollPosition(top, max);
  const page = rows.slice(first, first + perPage).map((r) => ({ ...r }));
  // Each column is as wide as its widest cell plus a space each side and one border: the squeezed one gives up the excess.
  const widthOf = (c: string) => Math.max(c.length, ...page.map((r) => (r[c] ?? '').length)) + 3;
  const excess = columns.reduce((sum, c) => sum + widthOf(c), 1) - width;
  if (excess > 0) {
    const keep = Math.max(4, widthOf(squeeze) - 3 - excess);
    for (const r of page) r[squeeze] = fit(r[squeeze] ?? '', keep);
  }
  const position = rows.length > 0 ? `rows ${first + 1}-${first + page.length} of ${rows.length}` : 'empty';
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone('accent')}>
        {`${title} · ${position}${status ? ` · ${status}` : ''}`}
      </Text>
      {intro.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line}
        </Text>
      ))}
      {rows.length > 0 && tableLines(page.length) <= room && <Table data={page} columns={[...columns]} padding={1} />}
    </Box>
  );
}
