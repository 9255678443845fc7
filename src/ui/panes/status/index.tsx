import { TwoLists } from '../two-lists.js';
import { definePane, type PaneProps } from '../types.js';
import { STATUS_ACTIONS } from './actions.js';
import { INCIDENTS_LIST, SERVICES_LIST, statusBadges, statusHeading, viewOf, type StatusTarget } from './rows.js';

/** Status: the overall state, the services by group with state, latency and uptime, then the incidents. */
function StatusPane(props: PaneProps<StatusTarget>) {
  return <TwoLists {...props} heading={statusHeading(viewOf(props.data), props.now)} first="half" />;
}

export const STATUS_PANE = definePane<StatusTarget>({
  id: 'status',
  key: '5',
  title: 'Status',
  lists: [SERVICES_LIST, INCIDENTS_LIST],
  Component: StatusPane,
  actions: STATUS_ACTIONS,
  watch: ['status.summary'],
  badges: statusBadges,
});
