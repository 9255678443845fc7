import { Text } from 'ink';
import type { ReactNode, RefObject } from 'react';
import type { Catalog } from '../engine/client/index.js';
import { actionGroup, isDangerous, type Action } from './actions.js';
import { keyLabel } from './keymap.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { wrapText } from './format.js';

const KEY_COLUMN = 16;
import { useTheme } from './theme.js';

export interface HelpProps {
  /** Every registry action the operator may use (read-only and viewer filtering already applied). */
  all: readonly Action[];
  catalog: Catalog | null;
  width?: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
  /** The group shown first, marked as this pane's: the keys of the pane the operator is on. */
  first?: string;
}

/** The `?` overlay: the action registry, each group once, a key once per group, descriptions wrapped. */
export function Help({ all, catalog, width = 80, height, top, maxTop, first }: HelpProps) {
  const theme = useTheme();
  const groups = new Map<string, { keys: string; descriptions: string[]; dangerous: boolean }[]>();
  if (first !== undefined && all.some((a) => actionGroup(a) === first)) groups.set(first, []);
  for (const a of all) {
    const entries = groups.get(actionGroup(a)) ?? [];
    groups.set(actionGroup(a), entries);
    const keys = a.keys.map(keyLabel).join(' ');
    const same = entries.find((e) => e.keys === keys);
    if (same) same.descriptions.push(a.description);
    else entries.push({ keys, descriptions: [a.description], dangerous: isDangerous(a, catalog) });
  }
  const lines: ReactNode[] = [];
  for (const [group, entries] of groups) {
    if (lines.length > 0) lines.push('');
    lines.push(<Text {...theme.tone('accent')}>{group === first ? `${group} (this pane)` : group}</Text>);
    for (const e of entries) {
      const text = `${e.descriptions.join('; ')}${e.dangerous ? ' (dangerous: asks y/N)' : ''}`;
      wrapText(text, Math.max(20, width - KEY_COLUMN - 1)).forEach((part, i) =>
        lines.push(
          <Text>
            <Text {...theme.key}>{i === 0 ? `  ${e.keys.padEnd(KEY_COLUMN - 2)}` : ' '.repeat(KEY_COLUMN)}</Text>
            {` ${part}`}
          </Text>,
        ),
      );
    }
  }
  return <ScrollView title="Help" lines={lines} height={height} top={top} maxTop={maxTop} status="Esc back" />;
}
