import { Text } from 'ink';
import type { RefObject } from 'react';
import type { Alert } from './alerts.js';
import { wrapText } from './format.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme } from './theme.js';

const TITLE = 'Alerts (Enter goes to the top one’s row)';

/** Each alert's lines at this width (a long reason wraps, nothing is cut), with the alert each line belongs to. */
export function alertLines(alerts: readonly Alert[], width: number): { text: string; alert: number }[] {
  return alerts.flatMap((a, i) => {
    const mark = a.severity === 'critical' ? '✗ CRITICAL' : '⚠ WARNING ';
    return wrapText(`${mark} ${a.text}  [${a.pane}]`, width - 2).map((text, j) => ({ text: `${j === 0 ? '' : '  '}${text}`, alert: i }));
  });
}

/** The alert the top line shows: the one Enter goes to. */
export function alertAtTop(alerts: readonly Alert[], width: number, top: ScrollTop): Alert | undefined {
  const lines = alertLines(alerts, width);
  const line = lines[Math.min(top ?? lines.length - 1, lines.length - 1)];
  return line && alerts[line.alert];
}

/** Every alert with its reason; the one on the top line is marked, and Enter goes to the row it is about. */
export function AlertsView({
  alerts,
  width,
  height,
  top,
  maxTop,
}: {
  alerts: readonly Alert[];
  width: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}) {
  const theme = useTheme();
  if (alerts.length === 0) return <ScrollView title={TITLE} lines={['✓ no alerts']} height={height} top={top} maxTop={maxTop} status="Esc back" />;
  const lines = alertLines(alerts, width);
  const current = lines[Math.min(top ?? lines.length - 1, lines.length - 1)]?.alert;
  const shown = lines.map((l) => (
    <Text {...theme.tone(alerts[l.alert]!.severity === 'critical' ? 'bad' : 'warn')} inverse={l.alert === current}>
      {l.text}
    </Text>
  ));
  return (
    <ScrollView
      title={TITLE}
      lines={shown}
      height={height}
      top={top}
      maxTop={maxTop}
      width={width}
      status={`${alerts.length} alert${alerts.length === 1 ? '' : 's'} · Esc back`}
    />
  );
}
