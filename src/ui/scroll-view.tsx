import { Box, Text } from 'ink';
import type { ReactNode, RefObject } from 'react';
import { scrollPosition, type ScrollTop } from './scroll.js';
import { useTheme } from './theme.js';

export interface ScrollViewProps {
  title: string;
  /** One entry per terminal line (each is drawn truncated, never wrapped). */
  lines: readonly ReactNode[];
  height: number;
  top: ScrollTop;
  /** Receives the largest first line, so the shell's scroll keys know where the bottom is. */
  maxTop: RefObject<number>;
  status?: string;
}

/** A titled page of lines (help, audit trail, build log) scrolled by the shell: never taller than `height`. */
export function ScrollView({ title, lines, height, top, maxTop, status }: ScrollViewProps) {
  const theme = useTheme();
  const body = Math.max(0, height - 1);
  const max = Math.max(0, lines.length - body);
  maxTop.current = max;
  const first = scrollPosition(top, max);
  const end = Math.min(lines.length, first + body);
  const position = lines.length > 0 ? `lines ${first + 1}-${end} of ${lines.length}` : 'empty';
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone('accent')}>
        {`${title} · ${position}${status ? ` · ${status}` : ''}`}
      </Text>
      {lines.slice(first, end).map((line, i) => (
        <Text key={first + i} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
