import { Text } from 'ink';
import { useTheme } from '../../theme.js';
import { TwoLists } from '../two-lists.js';
import { definePane, type PaneProps } from '../types.js';
import { TRUNK_ACTIONS } from './actions.js';
import { BUILDS_LIST, linkSummary, PACKAGES_LIST, type BuildTarget } from './rows.js';

/** Trunk: where current/consistent point, the build queue and recent builds, and per-package status. */
function TrunkPane(props: PaneProps<BuildTarget>) {
  const theme = useTheme();
  const { snapshot } = props.data;
  const heading = (
    <>
      <Text {...theme.tone('muted')}>links </Text>
      {linkSummary(snapshot)}
      {snapshot.trunk.passRunning ? <Text {...theme.tone('busy')}>{'   ▶ pass running'}</Text> : ''}
    </>
  );
  return <TwoLists {...props} heading={heading} first="half" />;
}

export const TRUNK_PANE = definePane<BuildTarget>({
  id: 'trunk',
  key: '1',
  title: 'Trunk',
  lists: [BUILDS_LIST, PACKAGES_LIST],
  Component: TrunkPane,
  actions: TRUNK_ACTIONS,
  watch: [],
});
