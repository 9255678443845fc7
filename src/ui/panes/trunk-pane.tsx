import { Box, Text } from 'ink';
import { ListTable } from '../list-table.js';
import { useTheme } from '../theme.js';
import { BUILDS_LIST, linkSummary, PACKAGES_LIST } from './trunk-rows.js';
import type { PaneProps, PaneSpec } from './types.js';

/** Trunk: where current/consistent point, the build queue and recent builds, and per-package status. */
function TrunkPane({ snapshot, lists, width, height }: PaneProps) {
  const theme = useTheme();
  const [builds, packages] = lists;
  const body = Math.max(0, height - 1);
  // The focused list gets the odd row.
  const buildsHeight = builds?.focused ? Math.ceil(body / 2) : Math.floor(body / 2);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate">
        <Text {...theme.tone('muted')}>links </Text>
        {linkSummary(snapshot)}
        {snapshot.trunk.passRunning ? <Text {...theme.tone('busy')}>{'   ▶ pass running'}</Text> : ''}
      </Text>
      {builds && <ListTable view={builds} summary={BUILDS_LIST.summary(snapshot)} width={width} height={buildsHeight} />}
      {packages && <ListTable view={packages} summary={PACKAGES_LIST.summary(snapshot)} width={width} height={body - buildsHeight} />}
    </Box>
  );
}

export const TRUNK_PANE: PaneSpec = { id: 'trunk', key: '1', title: 'Trunk', lists: [BUILDS_LIST, PACKAGES_LIST], Component: TrunkPane };
