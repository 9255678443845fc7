import { Box, Text } from 'ink';
import { ListTable } from '../list-table.js';
import { useTheme } from '../theme.js';
import { poolHandlers } from './pool-actions.js';
import { JOB_RUNS_LIST, NODES_LIST, poolSummary } from './pool-rows.js';
import type { PaneProps, PaneSpec } from './types.js';

/** CI pool: the pool's settings, its nodes, then the job queue and recent job runs. */
function PoolPane({ snapshot, lists, width, height }: PaneProps) {
  const theme = useTheme();
  const [nodes, runs] = lists;
  const body = Math.max(0, height - 1);
  // The node list is short (at most max-servers): it takes what it needs, up to half.
  const nodesHeight = Math.min(Math.max(3, (nodes?.rows.length ?? 0) + 2), Math.floor(body / 2));
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone('muted')}>
        {poolSummary(snapshot.pipeline)}
      </Text>
      {nodes && <ListTable view={nodes} summary={NODES_LIST.summary(snapshot)} width={width} height={nodesHeight} />}
      {runs && <ListTable view={runs} summary={JOB_RUNS_LIST.summary(snapshot)} width={width} height={body - nodesHeight} />}
    </Box>
  );
}

export const POOL_PANE: PaneSpec = { id: 'pool', key: '2', title: 'CI pool', lists: [NODES_LIST, JOB_RUNS_LIST], Component: PoolPane, handlers: poolHandlers };
