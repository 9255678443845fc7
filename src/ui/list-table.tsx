import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { fit, windowStart } from './format.js';
import { cellText, type Column, type ListRow, type ListView } from './panes/types.js';
import { useReportPage } from './page.js';
import { useTheme } from './theme.js';

const GUTTER = 2;

/**
 * Widths of the columns for `width` terminal columns: fixed ones as given, flex ones share the rest (each at
 * least its `width`, at most its `max`; what a capped column cannot take goes to the other flex columns).
 */
export function columnWidths(columns: readonly Column[], width: number): number[] {
  const fixed = columns.reduce((n, c) => n + c.width, 0) + columns.length - 1 + GUTTER;
  const widths = columns.map((c) => c.width);
  let spare = Math.max(0, width - fixed);
  for (;;) {
    const growing = columns.map((c, i) => i).filter((i) => columns[i]!.flex && widths[i]! < (columns[i]!.max ?? Infinity));
    if (spare === 0 || growing.length === 0) break;
    const share = Math.ceil(spare / growing.length);
    for (const i of growing) {
      const add = Math.min(share, spare, (columns[i]!.max ?? Infinity) - widths[i]!);
      widths[i]! += add;
      spare -= add;
    }
  }
  return widths;
}

/** The cells of the selected row that do not fit their column at `width`, in full, with their column's title. */
export function cutCells(view: ListView, width: number): { title: string; text: string }[] {
  const row = view.rows[view.selected];
  if (!row) return [];
  const widths = columnWidths(view.spec.columns, width);
  return row.cells.flatMap((cell, i) => (cellText(cell).length > (widths[i] ?? 0) ? [{ title: view.spec.columns[i]?.title ?? '', text: cellText(cell) }] : []));
}

/** A titled, windowed table of one list: never draws more than `height` lines. */
export function ListTable({ view, summary, width, height }: { view: ListView; summary: string; width: number; height: number }) {
  const theme = useTheme();
  const columns = view.spec.columns;
  const widths = useMemo(() => columnWidths(columns, width), [columns, width]);
  const bodyHeight = Math.max(0, height - 2);
  useReportPage(bodyHeight, view.focused);
  const start = windowStart(view.rows.length, view.selected, bodyHeight);
  const visible = view.rows.slice(start, start + bodyHeight);
  const counts = view.filter ? `  filter "${view.filter}": ${view.rows.length}/${view.total}` : '';
  const position = view.rows.length > bodyHeight ? `  [${start + 1}-${start + visible.length}/${view.rows.length}]` : '';
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone(view.focused ? 'accent' : 'muted')}>
        {`${view.focused ? '▸' : ' '} ${view.spec.title}: ${summary}${counts}${position}`}
      </Text>
      <Text wrap="truncate" {...theme.tone('muted')}>
        {' '.repeat(GUTTER) + columns.map((c, i) => fit(c.title, widths[i]!, c.align)).join(' ')}
      </Text>
      {visible.length === 0 && <Text {...theme.tone('muted')}>{view.filter ? `  (no rows match "${view.filter}")` : '  (none)'}</Text>}
      {visible.map((row, i) => (
        <TableRow key={row.key} row={row} columns={columns} widths={widths} selected={view.focused && start + i === view.selected} />
      ))}
    </Box>
  );
}

/** One row; redrawn only when the row, the column widths or its selection change (not on every key). */
const TableRow = memo(function TableRow({ row, columns, widths, selected }: { row: ListRow; columns: readonly Column[]; widths: number[]; selected: boolean }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate" {...(selected ? theme.selected : {})}>
      {selected ? '> ' : '  '}
      {row.cells.map((cell, c) => {
        const text = fit(cellText(cell), widths[c] ?? 0, columns[c]?.align) + (c < row.cells.length - 1 ? ' ' : '');
        return typeof cell === 'string' ? (
          text
        ) : (
          <Text key={c} {...theme.tone(cell.tone)}>
            {text}
          </Text>
        );
      })}
    </Text>
  );
});
