import { Text } from 'ink';
import type { RefObject } from 'react';
import type { AuditEntry } from '../engine/client/index.js';
import { clock, wrapText } from './format.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme } from './theme.js';

const TITLE = 'Audit trail (who / what / when / result)';
const INDENT = '          ';

function args(entry: AuditEntry): string {
  return Object.entries(entry.args)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** The audit trail: who ran what, when, and the result (newest first); a long entry wraps, nothing is cut. */
export function AuditView({
  audit,
  width,
  height,
  top,
  maxTop,
}: {
  audit: readonly AuditEntry[] | undefined;
  width: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}) {
  const theme = useTheme();
  if (!audit) return <ScrollView title={TITLE} lines={['loading…']} height={height} top={top} maxTop={maxTop} status="Esc back" />;
  const lines = audit.flatMap((e) => {
    const verdict = e.ok ? '✓ ok' : `✗ failed${e.kind ? ` (${e.kind})` : ''}`;
    const text = `${clock(e.ts)}  ${e.actor} ${`${e.name} ${args(e)}`.trim()}  ${verdict}  ${e.result}`;
    return wrapText(text, width - INDENT.length).map((part, i) => <Text {...theme.tone(e.ok ? 'plain' : 'bad')}>{i === 0 ? part : `${INDENT}${part}`}</Text>);
  });
  return <ScrollView title={TITLE} lines={lines} height={height} top={top} maxTop={maxTop} status="Esc back" />;
}
