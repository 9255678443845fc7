import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

/**
 * The question before a dangerous command (the shell takes the answer: `y` goes ahead, anything else cancels).
 * A long question is cut, never the `[y/N]`.
 */
export function Confirm({ question }: { question: string }) {
  const theme = useTheme();
  return (
    <Box>
      <Box flexShrink={1}>
        <Text wrap="truncate" {...theme.tone('warn')}>{`⚠ ${question}`}</Text>
      </Box>
      <Box flexShrink={0}>
        <Text {...theme.tone('warn')}> [y/N]</Text>
      </Box>
    </Box>
  );
}
