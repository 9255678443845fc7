import { Box, Text } from 'ink';
import { ListTable } from '../list-table.js';
import { useTheme } from '../theme.js';
import { promotionsHandlers } from './promotions-actions.js';
import { CANDIDATES_LIST, LABELS_LIST, promoterSummary } from './promotions-rows.js';
import type { PaneProps, PaneSpec } from './types.js';

/** Promotions: the promoter, each label of the chain, and the candidates waiting for each. */
function PromotionsPane({ snapshot, lists, width, height, now }: PaneProps) {
  const theme = useTheme();
  const [labels, candidates] = lists;
  const body = Math.max(0, height - 1);
  // The chain is short: the label list takes what it needs, up to half.
  const labelsHeight = Math.min(Math.max(3, (labels?.rows.length ?? 0) + 2), Math.floor(body / 2));
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate" {...theme.tone('muted')}>
        {promoterSummary(snapshot.pipeline, now)}
      </Text>
      {labels && <ListTable view={labels} summary={LABELS_LIST.summary(snapshot)} width={width} height={labelsHeight} />}
      {candidates && <ListTable view={candidates} summary={CANDIDATES_LIST.summary(snapshot)} width={width} height={body - labelsHeight} />}
    </Box>
  );
}

export const PROMOTIONS_PANE: PaneSpec = {
  id: 'promotions',
  key: '3',
  title: 'Promotions',
  lists: [LABELS_LIST, CANDIDATES_LIST],
  Component: PromotionsPane,
  handlers: promotionsHandlers,
};
