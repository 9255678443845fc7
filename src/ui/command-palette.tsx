import { Box, Text } from 'ink';
import { fit, windowStart } from './format.js';
import { matchingEntries, type PaletteEntry } from './palette-commands.js';
import { useTheme } from './theme.js';

export interface CommandPaletteProps {
  entries: readonly PaletteEntry[];
  line: string;
  error: string | null;
  /** Index of the selected match (↑/↓ move it; Enter takes it when the name picks no single command). */
  selected: number;
  height: number;
  width: number;
}

/** The `:` palette: the command registry, narrowed as you type (the shell edits the line). */
export function CommandPalette({ entries, line, error, selected, height, width }: CommandPaletteProps) {
  const theme = useTheme();
  const matches = matchingEntries(line, entries);
  const room = Math.max(1, height - 3);
  const at = Math.min(selected, Math.max(0, matches.length - 1));
  const start = windowStart(matches.length, at, room);
  const shown = matches.slice(start, start + room);
  const nameWidth = Math.max(...entries.map((e) => `${e.name} ${e.args.join(' ')}`.length), 10);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone('accent')}>
        {`Commands · ↑↓ select · Tab completes · Enter runs · Esc closes${matches.length > room ? ` · ${start + 1}-${start + shown.length} of ${matches.length}` : ''}`}
      </Text>
      {shown.map((e, i) => (
        <Text key={e.name} wrap="truncate" {...(start + i === at ? theme.selected : {})}>
          {`${start + i === at ? '> ' : '  '}${fit(`${e.name} ${e.args.join(' ')}`, nameWidth)}  ${fit(e.description, Math.max(0, width - nameWidth - 4))}`}
          {e.dangerous ? <Text {...theme.tone('warn')}>{' (dangerous)'}</Text> : ''}
        </Text>
      ))}
      {shown.length === 0 && <Text {...theme.tone('muted')}>{'  (no command matches)'}</Text>}
      <Box flexGrow={1} />
      {error ? (
        <Text wrap="truncate" {...theme.tone('bad')}>
          {`✗ ${error}`}
        </Text>
      ) : (
        <Text> </Text>
      )}
      <Text wrap="truncate">{`:${line}█`}</Text>
    </Box>
  );
}
