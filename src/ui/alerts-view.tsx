import { Text } from 'ink';
import type { RefObject } from 'react';
import type { Alert } from './alerts.js';
import { wrapText } from './format.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme, type Tone } from './theme.js';

const TITLE = 'Alerts (Enter goes to the top one’s row · s silences it)';

const MARK: Record<Alert['severity'], string> = { critical: '✗ CRITICAL', warning: '⚠ WARNING ', info: 'ℹ INFO    ' };
const STATE: Record<Alert['state'], string> = { firing: '', pending: '… PENDING ', silenced: '⊘ SILENCED ', resolved: '✓ RESOLVED ' };

/** Each alert's lines at this width (a long reason wraps, nothing is cut), with the alert each line belongs to. */
export function alertLines(alerts: readonly Alert[], width: number): { text: string; alert: number }[] {
  return alerts.flatMap((a, i) => {
    const text = `${STATE[a.state]}${MARK[a.severity]} ${a.text}${a.pane ? `  [${a.pane}]` : ''} · ${a.reason}`;
    return wrapText(text, width - 2).map((line, j) => ({ text: `${j === 0 ? '' : '  '}${line}`, alert: i }));
  });
}

/** The alert the top line shows: the one Enter goes to and `s` silences. */
export function alertAtTop(alerts: readonly Alert[], width: number, top: ScrollTop): Alert | undefined {
  const lines = alertLines(alerts, width);
  const line = lines[Math.min(top ?? lines.length - 1, lines.length - 1)];
  return line && alerts[line.alert];
}

function toneOf(a: Alert): Tone {
  if (a.state === 'resolved') return 'ok';
  if (a.state !== 'firing') return 'muted';
  return a.severity === 'critical' ? 'bad' : 'warn';
}

/** Every alert with its reason; the one on the top line is marked, and Enter goes to the row it is about. */
export function AlertsView({
  alerts,
  width,
  height,
  top,
  maxTop,
}: {
  alerts: readonly Alert[] | null;
  width: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}) {
  const theme = useTheme();
  if (alerts === null)
    return (
      <ScrollView title={TITLE} lines={['? the engine has not answered with its alerts yet']} height={height} top={top} maxTop={maxTop} status="Esc back" />
    );
  if (alerts.length === 0) return <ScrollView title={TITLE} lines={['✓ no alerts']} height={height} top={top} maxTop={maxTop} status="Esc back" />;
  const lines = alertLines(alerts, width);
  const current = lines[Math.min(top ?? lines.length - 1, lines.length - 1)]?.alert;
  const shown = lines.map((l) => (
    <Text {...theme.tone(toneOf(alerts[l.alert]!))} inverse={l.alert === current}>
      {l.text}
    </Text>
  ));
  const firing = alerts.filter((a) => a.state === 'firing').length;
  return (
    <ScrollView
      title={TITLE}
      lines={shown}
      height={height}
      top={top}
      maxTop={maxTop}
      width={width}
      status={`${alerts.length} alert${alerts.length === 1 ? '' : 's'}, ${firing} firing · Esc back`}
    />
  );
}
