import { Text } from 'ink';
import type { RefObject } from 'react';
import type { EngineClient } from '../engine/client/index.js';
import type { PaneData } from './panes/types.js';
import type { LogLook } from './ui-state.js';
import type { Detail } from './detail.js';
import { diffLines, explainLines, type ToneLine } from './detail-lines.js';
import { reportLines } from './report-lines.js';
import { LogView } from './log-view.js';
import type { ScrollTop } from './scroll.js';
import { ScrollView } from './scroll-view.js';
import { useTheme } from './theme.js';
import { useFetched } from './use-fetched.js';
import { TableView } from './table-view.js';
import { clock } from './format.js';

export interface DetailViewProps {
  client: EngineClient;
  data: PaneData;
  detail: Detail;
  look: LogLook;
  width: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}

/** A build or job log (followed while it runs), an explanation or a diff, opened from a pane row. */
export function DetailView({ client, data, detail, look, width, height, top, maxTop }: DetailViewProps) {
  const scroll = { title: detail.title, height, top, maxTop };
  const logScroll = { ...scroll, look, width };
  switch (detail.kind) {
    case 'build-log': {
      const { buildId } = detail;
      // The snapshot still shows the build running: its log may not exist yet, and it grows.
      const running = data.snapshot.trunk.queue.some((q) => q.buildId === buildId);
      return (
        <LogView
          key={`build/${buildId}`}
          source={`build/${buildId}`}
          fetch={(offset, limit) => client.query('trunk.build-log', { buildId, offset, limit })}
          running={running}
          {...logScroll}
        />
      );
    }
    case 'job-log': {
      const { runId } = detail;
      const running = data.views['ci.pool']?.queue.some((r) => r.runId === runId) ?? false;
      return (
        <LogView
          key={`job/${runId}`}
          source={`job/${runId}`}
          fetch={(offset, limit) => client.query('ci.job-log', { runId, offset, limit })}
          running={running}
          {...logScroll}
        />
      );
    }
    case 'explain': {
      const { hash, label } = detail;
      return <Report id={`explain/${label}/${hash}`} fetch={async () => explainLines(await client.query('promotions.explain', { hash, label }))} {...scroll} />;
    }
    case 'diff': {
      const { from, to } = detail;
      return <Report id={`diff/${from}/${to}`} fetch={async () => diffLines(await client.query('promotions.diff', { from, to }))} {...scroll} />;
    }
    case 'report': {
      const { run } = detail;
      const lines = async () =>
        reportLines((await client.query('checklist.report', { run })).markdown, width).map((text) => ({ text: text || ' ', tone: 'plain' as const }));
      return <Report id={`report/${run}/${width}`} fetch={lines} {...scroll} />;
    }
    case 'votes':
      return <Votes client={client} hash={detail.hash} width={width} {...scroll} />;
  }
}

/** Every vote on a repo hash, oldest first, as a table (the explain view shows only the latest per job). */
function Votes({
  client,
  hash,
  title,
  width,
  height,
  top,
  maxTop,
}: {
  client: EngineClient;
  hash: string;
  title: string;
  width: number;
  height: number;
  top: ScrollTop;
  maxTop: RefObject<number>;
}) {
  const fetched = useFetched(`votes/${hash}`, () => client.query('ci.votes', { hash }));
  const scroll = { title, width, height, top, maxTop, status: 'Esc back' };
  if (fetched.state !== 'done')
    return <TableView {...scroll} intro={[fetched.state === 'loading' ? 'loading…' : `✗ ${fetched.error}`]} rows={[]} columns={[]} squeeze="" />;
  const rows = fetched.value.votes.map((v) => ({
    JOB: v.ci_name,
    RESULT: v.ci_in_progress ? '▶ running' : v.ci_vote ? '✓ success' : '✗ failure',
    WHEN: clock(v.timestamp),
    BY: v.user,
    NOTES: v.notes || v.ci_url || '-',
  }));
  const intro = [`${rows.length} vote${rows.length === 1 ? '' : 's'} on ${fetched.value.repo_hash}`];
  return <TableView {...scroll} intro={intro} rows={rows} columns={['JOB', 'RESULT', 'WHEN', 'BY', 'NOTES']} squeeze="NOTES" />;
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
