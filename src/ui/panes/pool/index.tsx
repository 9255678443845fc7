import { TwoLists } from '../two-lists.js';
import { definePane, type PaneProps } from '../types.js';
import { POOL_ACTIONS } from './actions.js';
import { JOB_RUNS_LIST, NODES_LIST, poolSummary, type PoolTarget } from './rows.js';

/** CI pool: the pool's settings, its nodes, then the job queue and recent job runs. */
function PoolPane(props: PaneProps<PoolTarget>) {
  return <TwoLists {...props} heading={poolSummary(props.data.views['ci.pool'])} first="fit" />;
}

export const POOL_PANE = definePane<PoolTarget>({
  id: 'pool',
  key: '2',
  title: 'CI pool',
  lists: [NODES_LIST, JOB_RUNS_LIST],
  Component: PoolPane,
  actions: POOL_ACTIONS,
  watch: ['ci.pool'],
});
