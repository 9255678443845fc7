import { Text } from 'ink';
import type { RefObject } from 'react';
import type { EngineClient, EngineSnapshot } from '../engine/api/engine-client.js';
import type { Detail } from './detail.js';
import { diffLines, explainLines, type ToneLine } from './detail-lines.js';
import { LogView } from './log-view.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme } from './theme.js';
import { useFetched } from './use-fetched.js';

export interface DetailViewProps {
  client: EngineClient;
  snapshot: EngineSnapshot;
  detail: Detail;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}

/** A job log, an explanation or a diff, opened from the CI pool or Promotions pane. */
export function DetailView({ client, snapshot, detail, height, top, maxTop }: DetailViewProps) {
  if (detail.kind === 'job-log') {
    const { runId } = detail;
    const running = snapshot.pipeline?.queue.some((r) => r.runId === runId) ?? false;
    return <LogView source={`job/${runId}`} fetch={(offset, limit) => client.jobLog(runId, offset, limit)} title={detail.title} running={running} height={height} top={top} maxTop={maxTop} />;
  }
  if (detail.kind === 'explain') {
    const { hash, label } = detail;
    return <Report id={`explain/${label}/${hash}`} fetch={async () => explainLines(await client.explain(hash, label))} {...{ title: detail.title, height, top, maxTop }} />;
  }
  const { from, to } = detail;
  return <Report id={`diff/${from}/${to}`} fetch={async () => diffLines(await client.diff(from, to))} {...{ title: detail.title, height, top, maxTop }} />;
}

interface ReportProps {
  id: string;
  fetch: () => Promise<ToneLine[]>;
  title: string;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}

/** Lines fetched once from the engine, scrolled by the shell. */
function Report({ id, fetch, title, height, top, maxTop }: ReportProps) {
  const theme = useTheme();
  const fetched = useFetched(id, fetch);
  const lines =
    fetched.state === 'done'
      ? fetched.value.map((l, i) => (
          <Text key={i} {...theme.tone(l.tone)}>
            {l.text}
          </Text>
        ))
      : [fetched.state === 'loading' ? 'loading…' : `✗ ${fetched.error}`];
  return <ScrollView title={title} lines={lines} height={height} top={top} maxTop={maxTop} status="Esc back" />;
}
