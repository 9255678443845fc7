import { Box, Text } from 'ink';
import { fit } from './format.js';
import { matchingEntries, type PaletteEntry } from './palette-commands.js';
import { useTheme } from './theme.js';

export interface CommandPaletteProps {
  entries: readonly PaletteEntry[];
  line: string;
  error: string | null;
  height: number;
  width: number;
}

/** The `:` palette: the command registry, narrowed as you type (the shell edits the line). */
export function CommandPalette({ entries, line, error, height, width }: CommandPaletteProps) {
  const theme = useTheme();
  const shown = matchingEntries(line, entries).slice(0, Math.max(0, height - 3));
  const nameWidth = Math.max(...entries.map((e) => `${e.name} ${e.args.join(' ')}`.length), 10);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone('accent')}>
        Commands · Tab completes · Enter runs · Esc closes
      </Text>
      {shown.map((e) => (
        <Text key={e.name} wrap="truncate">
          {`  ${fit(`${e.name} ${e.args.join(' ')}`, nameWidth)}  ${fit(e.description, Math.max(0, width - nameWidth - 4))}`}
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
