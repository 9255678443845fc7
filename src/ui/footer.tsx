import { Text } from 'ink';
import type { Action } from './actions.js';
import { keyLabel } from './keymap.js';
import { useTheme } from './theme.js';

/** One line of key hints for the actions that work here, generated from the registry. */
export function Footer({ actions }: { actions: readonly Action[] }) {
  const theme = useTheme();
  const hints = actions.filter((a) => a.footer);
  return (
    <Text wrap="truncate">
      {hints.map((a, i) => (
        <Text key={a.id}>
          <Text {...theme.key}>{keyLabel(a.keys[0]!)}</Text>
          {` ${a.label}${i < hints.length - 1 ? '  ' : ''}`}
        </Text>
      ))}
    </Text>
  );
}
