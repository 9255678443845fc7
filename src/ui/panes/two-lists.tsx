import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { ListTable } from '../list-table.js';
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

/** The layout of a pane with a heading line and two lists, one above the other. */
export function TwoLists<T>({ data, lists, width, height, heading, first }: TwoListsProps<T>) {
  const theme = useTheme();
  const [a, b] = lists;
  const body = Math.max(0, height - 1);
  const aHeight =
    first === 'fit' ? Math.min(Math.max(3, (a?.rows.length ?? 0) + 2), Math.floor(body / 2)) : a?.focused ? Math.ceil(body / 2) : Math.floor(body / 2);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...(typeof heading === 'string' ? theme.tone('muted') : {})}>
        {heading}
      </Text>
      {a && <ListTable view={a} summary={a.spec.summary(data)} width={width} height={aHeight} />}
      {b && <ListTable view={b} summary={b.spec.summary(data)} width={width} height={body - aHeight} />}
    </Box>
  );
}
