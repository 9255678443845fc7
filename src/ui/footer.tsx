import { Text } from 'ink';
import stringWidth from 'string-width';
import type { Action } from './actions.js';
import { keyLabel } from './keymap.js';
import { useTheme } from './theme.js';

const GAP = 2;
const hintWidth = (a: Action) => stringWidth(`${keyLabel(a.keys[0]!)} ${a.label}`);

/**
 * The hints that fit in `width`, in order. Help is always kept (it lists every key), and says "more" when a
 * hint had to be left out, so a narrow terminal never hides that there is more.
 */
export function fitHints(hints: readonly Action[], width: number): { shown: Action[]; dropped: number } {
  const help = hints.find((a) => a.id === 'help');
  // Every hint but the last is followed by a gap; help, when there is one, comes last.
  let used = help ? stringWidth(`${keyLabel(help.keys[0]!)} more`) : -GAP;
  const shown: Action[] = [];
  let dropped = 0;
  for (const a of hints) {
    if (a === help) continue;
    const w = hintWidth(a) + GAP;
    if (used + w <= width) {
      shown.push(a);
      used += w;
    } else dropped++;
  }
  if (help) shown.push(dropped > 0 ? { ...help, label: 'more' } : help);
  return { shown, dropped };
}

/** One line of key hints for the actions that work here, generated from the registry. */
export function Footer({ actions, width }: { actions: readonly Action[]; width: number }) {
  const theme = useTheme();
  const { shown } = fitHints(
    actions.filter((a) => a.footer),
    width,
  );
  return (
    <Text wrap="truncate">
      {shown.map((a, i) => (
        <Text key={a.id}>
          <Text {...theme.key}>{keyLabel(a.keys[0]!)}</Text>
          {` ${a.label}${i < shown.length - 1 ? ' '.repeat(GAP) : ''}`}
        </Text>
      ))}
    </Text>
  );
}
