import { Box, Text } from 'ink';
import { Fragment } from 'react';
import type { ConnectionState, EngineSnapshot } from '../engine/client/index.js';
import { PANES } from './panes/registry.js';
import type { Badge, PaneData } from './panes/types.js';
import { alertCounts } from './alerts.js';
import { timeOfDay } from './format.js';
import { useTheme } from './theme.js';

export interface HeaderProps {
  where: string;
  readOnly: boolean;
  snapshot: EngineSnapshot | null;
  /** What the panes' badges are computed from. */
  data: PaneData | null;
  now: number;
  connection: ConnectionState;
  pane: string;
  crumb: string | null;
  /** When the connection was lost: the data on screen is as of then. */
  staleSince?: number | null;
}

/** Every pane's badges, most important first. */
export function badges(data: PaneData | null, now: number): Badge[] {
  if (!data) return [];
  return PANES.flatMap((p) => p.badges?.(data, now) ?? []).sort((a, b) => a.rank - b.rank);
}

/** Loops the engine holds, one label per kind of holder ("maintenance w-12" → "maintenance"). */
export function heldLoops(suspended: readonly { loop: string; reason: string }[]): string[] {
  const byHolder = new Map<string, Set<string>>();
  for (const s of suspended) {
    const holder = s.reason.split(' ')[0]!;
    byHolder.set(holder, (byHolder.get(holder) ?? new Set()).add(s.loop));
  }
  return [...byHolder].map(([holder, loops]) => `⏸ ${holder}: ${[...loops].join(', ')}`);
}

function connectionLabel(c: ConnectionState): string {
  if (c.state === 'connected') return '● live';
  // Short: the header is cut at the terminal's width. Why the connection is down is on the message line.
  if (c.state === 'closed') return '✗ disconnected';
  return `↻ reconnecting…${c.attempt > 0 ? ` (attempt ${c.attempt})` : ''}`;
}

/** Two lines: where we are (engine, read-only, paused loops, connection, alerts, who; most important first, as
 * the line is cut at the terminal's width), then the pane tabs. */
export function Header({ where, readOnly, snapshot, data, now, connection, pane, crumb, staleSince = null }: HeaderProps) {
  const theme = useTheme();
  // A console that has no data yet does not know of any alert: it says so rather than "0".
  const counts = data ? alertCounts(data) : null;
  const alerts = counts?.firing ?? null;
  const others = counts ? [counts.pending && `${counts.pending} pending`, counts.silenced && `${counts.silenced} silenced`].filter(Boolean).join(', ') : '';
  const sep = <Text {...theme.tone('muted')}>{' │ '}</Text>;
  return (
    <Box flexDirection="column" height={2} overflowY="hidden">
      <Text wrap="truncate">
        <Text {...theme.tone('accent')}>rdo-console</Text>
        {sep}
        {`engine: ${where.replace(/^[a-z]+:\/\//, '')}`}
        {readOnly && (
          <>
            {sep}
            <Text {...theme.tone('warn')}>READ-ONLY</Text>
          </>
        )}
        {snapshot && snapshot.paused.length > 0 && (
          <>
            {sep}
            <Text {...theme.tone('warn')}>{`⏸ paused: ${snapshot.paused.join(', ')}`}</Text>
          </>
        )}
        {snapshot &&
          heldLoops(snapshot.suspended ?? []).map((held) => (
            <Fragment key={held}>
              {sep}
              <Text {...theme.tone('warn')}>{held}</Text>
            </Fragment>
          ))}
        {sep}
        <Text {...theme.tone(connection.state === 'connected' ? 'ok' : 'warn')}>{connectionLabel(connection)}</Text>
        {staleSince !== null && snapshot && (
          <>
            {sep}
            <Text {...theme.tone('warn')}>{`data as of ${timeOfDay(staleSince)}`}</Text>
          </>
        )}
        {sep}
        {alerts === null ? (
          <Text {...theme.tone('muted')}>? alerts</Text>
        ) : (
          <Text {...theme.tone(alerts > 0 ? 'bad' : 'ok')}>{alerts > 0 ? `⚠ ${alerts} alert${alerts === 1 ? '' : 's'} (!)` : '✓ 0 alerts'}</Text>
        )}
        {others && <Text {...theme.tone('muted')}>{` (+${others})`}</Text>}
        {badges(data, now).map((b, i) => (
          <Text key={i}>
            {sep}
            <Text {...theme.tone(b.tone)}>{b.text}</Text>
          </Text>
        ))}
        {snapshot && (
          <>
            {sep}
            {`${snapshot.identity.name} (${snapshot.identity.role})`}
          </>
        )}
      </Text>
      <Text wrap="truncate">
        {PANES.map((p) => (
          <Text key={p.id} {...theme.tone(p.id === pane ? 'accent' : 'muted')}>
            {p.id === pane ? `[${p.key} ${p.title}]` : ` ${p.key} ${p.title} `}{' '}
          </Text>
        ))}
        {crumb && <Text>{`› ${crumb}`}</Text>}
      </Text>
    </Box>
  );
}
