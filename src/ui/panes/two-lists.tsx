import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { wrapLines } from '../format.js';
import { cutCells, ListTable } from '../list-table.js';
import { useTheme } from '../theme.js';
import type { PaneProps } from './types.js';

export interface TwoListsProps<T> extends PaneProps<T> {
  /** The line above the lists. */
  heading: ReactNode;
  /**
   * How the first list is sized: `half` (the focused list gets the odd row) or `fit` (a short list takes what
   * it needs, up to half).
   */
  first: 'half' | 'fit';
}

/**
 * The layout of a pane with a heading line and two lists, one above the other. When a cell of the selected row
 * does not fit its column, a line under the lists shows it in full: nothing an operator needs is cut.
 */
export function TwoLists<T>({ data, lists, width, height, heading, first }: TwoListsProps<T>) {
  const theme = useTheme();
  const [a, b] = lists;
  const focused = lists.find((l) => l.focused);
  const cut = focused ? cutCells(focused, width) : [];
  const described = focused?.rows[focused.selected]?.describe;
  const parts = [...(described ? [described] : []), ...cut.map((c) => `${c.title.toLowerCase()}: ${c.text}`)];
  const detail = parts.length ? wrapLines(`› ${parts.join(' · ')}`, width, 2) : [];
  // A heading that says something went wrong may be long: it wraps onto a second line rather than being cut.
  const headingLines = typeof heading === 'string' ? wrapLines(heading, width, 2) : [heading];
  const body = Math.max(0, height - headingLines.length - detail.length);
  const aHeight =
    first === 'fit' ? Math.min(Math.max(3, (a?.rows.length ?? 0) + 2), Math.floor(body / 2)) : a?.focused ? Math.ceil(body / 2) : Math.floor(body / 2);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {headingLines.map((line, i) => (
        <Text key={`h${i}`} wrap="truncate" {...(typeof heading === 'string' ? theme.tone('muted') : {})}>
          {line}
        </Text>
      ))}
      {a && <ListTable view={a} summary={a.spec.summary(data)} width={width} height={aHeight} />}
      {b && <ListTable view={b} summary={b.spec.summary(data)} width={width} height={body - aHeight} />}
      {detail.map((line, i) => (
        <Text key={i} wrap="truncate" {...theme.tone('muted')}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
