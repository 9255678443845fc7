import { Box, Text } from 'ink';
import type { ReactNode, RefObject } from 'react';
import { scrollPosition, type ScrollTop } from './scroll.js';
import { useReportPage } from './page.js';
import { wrapLines, wrapText } from './format.js';
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
  /** The terminal's width: a title line longer than it wraps onto a second line (the status is never cut). */
  width?: number;
}

/** A titled page of lines (help, audit trail, build log) scrolled by the shell: never taller than `height`. */
export function ScrollView({ title, lines, height, top, maxTop, status, width }: ScrollViewProps) {
  const theme = useTheme();
  const full = (first: number, end: number, count: number) =>
    `${title} · ${count > 0 ? `lines ${first + 1}-${end} of ${count}` : 'empty'}${status ? ` · ${status}` : ''}`;
  const titleLines = width === undefined ? 1 : Math.min(2, wrapText(full(lines.length, lines.length, lines.length), width).length);
  const body = Math.max(0, height - titleLines);
  useReportPage(body);
  const max = Math.max(0, lines.length - body);
  maxTop.current = max;
  const first = scrollPosition(top, max);
  const end = Math.min(lines.length, first + body);
  const heading = full(first, end, lines.length);
  const headingLines = width === undefined ? [heading] : wrapLines(heading, width, titleLines);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {headingLines.map((l, i) => (
        <Text key={`t${i}`} wrap="truncate" {...theme.tone('accent')}>
          {l}
        </Text>
      ))}
      {lines.slice(first, end).map((line, i) => (
        <Text key={first + i} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
