import { Box, Text } from 'ink';
import { fit, windowStart, wrapLines } from './format.js';
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
  const at = Math.min(selected, Math.max(0, matches.length - 1));
  const usage = (e: PaletteEntry) => `${e.name} ${e.args.join(' ')}`.trim();
  // The name column is at most 40 % of the width, so descriptions stay readable; the selected command is said
  // in full under the list.
  const nameWidth = Math.min(Math.max(...entries.map((e) => usage(e).length), 10), Math.max(20, Math.floor(width * 0.4)));
  const chosen = matches[at];
  const said = chosen ? wrapLines(`› ${usage(chosen)} · ${chosen.description}${chosen.dangerous ? ' (dangerous: asks y/N)' : ''}`, width, 2) : [];
  const room = Math.max(1, height - 3 - said.length);
  const start = windowStart(matches.length, at, room);
  const shown = matches.slice(start, start + room);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone('accent')}>
        {`Commands · ↑↓ select · Tab completes · Enter runs · Esc closes${matches.length > room ? ` · ${start + 1}-${start + shown.length} of ${matches.length}` : ''}`}
      </Text>
      {shown.map((e, i) => (
        <Text key={e.name} wrap="truncate" {...(start + i === at ? theme.selected : {})}>
          {`${start + i === at ? '> ' : '  '}${fit(usage(e), nameWidth)}  ${fit(e.description, Math.max(0, width - nameWidth - 4 - (e.dangerous ? 12 : 0)))}`}
          {e.dangerous ? <Text {...theme.tone('warn')}>{' (dangerous)'}</Text> : ''}
        </Text>
      ))}
      {shown.length === 0 && <Text {...theme.tone('muted')}>{'  (no command matches)'}</Text>}
      <Box flexGrow={1} />
      {said.map((l, i) => (
        <Text key={`u${i}`} wrap="truncate" {...theme.tone('muted')}>
          {l}
        </Text>
      ))}
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
