import { Text } from 'ink';
import type { ReactNode, RefObject } from 'react';
import type { Catalog } from '../engine/client/index.js';
import { actionGroup, isDangerous, type Action } from './actions.js';
import { keyLabel } from './keymap.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme } from './theme.js';

export interface HelpProps {
  /** Every registry action the operator may use (read-only and viewer filtering already applied). */
  all: readonly Action[];
  catalog: Catalog | null;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}

/** The `?` overlay: the action registry, grouped, with keys and descriptions. */
export function Help({ all, catalog, height, top, maxTop }: HelpProps) {
  const theme = useTheme();
  const lines: ReactNode[] = [];
  let group = '';
  for (const a of all) {
    if (actionGroup(a) !== group) {
      group = actionGroup(a);
      if (lines.length > 0) lines.push('');
      lines.push(<Text {...theme.tone('accent')}>{group}</Text>);
    }
    const keys = a.keys.map(keyLabel).join(' ');
    lines.push(
      <Text>
        <Text {...theme.key}>{`  ${keys.padEnd(14)}`}</Text>
        {` ${a.description}`}
        {isDangerous(a, catalog) ? <Text {...theme.tone('warn')}>{' (dangerous: asks y/N)'}</Text> : ''}
      </Text>,
    );
  }
  return <ScrollView title="Help" lines={lines} height={height} top={top} maxTop={maxTop} status="Esc back" />;
}
