import type { MaintenanceListView } from '../../../engine/client/index.js';
import { TwoLists } from '../two-lists.js';
import { definePane, type PaneProps } from '../types.js';
import { MAINTENANCE_ACTIONS } from './actions.js';
import { CURRENT_LIST, PAST_LIST, maintenanceBadges, maintenanceHeading, type MaintenanceTarget } from './rows.js';

/** Maintenance: the countdown or active window and this month's days, then current and past windows. */
function MaintenancePane(props: PaneProps<MaintenanceTarget>) {
  const v = props.data.views['maintenance.list'] as MaintenanceListView | undefined;
  return <TwoLists {...props} heading={maintenanceHeading(v, props.now)} first="fit" />;
}

export const MAINTENANCE_PANE = definePane<MaintenanceTarget>({
  id: 'maintenance',
  key: '6',
  title: 'Maintenance',
  lists: [CURRENT_LIST, PAST_LIST],
  Component: MaintenancePane,
  actions: MAINTENANCE_ACTIONS,
  watch: ['maintenance.list'],
  badges: maintenanceBadges,
});
