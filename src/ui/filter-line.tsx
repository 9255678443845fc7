import { Text } from 'ink';
import { useTheme } from './theme.js';

/** The `/` prompt (the shell edits the filter; rows narrow as you type). */
export function FilterLine({ value, hint = 'Enter keep · Esc clear · Ctrl-U empties', prefix = '/' }: { value: string; hint?: string; prefix?: string }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate">
      {`${prefix}${value}█  `}
      <Text {...theme.tone('muted')}>{hint}</Text>
    </Text>
  );
}
