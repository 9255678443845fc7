import { Text } from 'ink';
import type { AuditEntry } from '../engine/client/index.js';
import type { RefObject } from 'react';
import { clock } from './format.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme } from './theme.js';

function args(entry: AuditEntry): string {
  return Object.entries(entry.args)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** The audit trail: who ran what, when, and the result (newest first). */
export function AuditView({
  audit,
  height,
  top,
  maxTop,
}: {
  audit: readonly AuditEntry[] | undefined;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}) {
  const theme = useTheme();
  if (!audit)
    return <ScrollView title="Audit trail (who / what / when / result)" lines={['loading…']} height={height} top={top} maxTop={maxTop} status="Esc back" />;
  const lines = audit.map((e) => (
    <Text>
      {`${clock(e.ts)}  ${e.actor.padEnd(14)} ${`${e.name} ${args(e)}`.trim().padEnd(30)} `}
      <Text {...theme.tone(e.ok ? 'ok' : 'bad')}>{e.ok ? '✓ ok' : '✗ failed'}</Text>
      {` ${e.result}`}
    </Text>
  ));
  return <ScrollView title="Audit trail (who / what / when / result)" lines={lines} height={height} top={top} maxTop={maxTop} status="Esc back" />;
}
