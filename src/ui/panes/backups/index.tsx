import { TwoLists } from '../two-lists.js';
import { definePane, type PaneProps } from '../types.js';
import { BACKUPS_ACTIONS } from './actions.js';
import { backupBadges, backupsHeading, HEALTH_LIST, SNAPSHOTS_LIST, type BackupsTarget } from './rows.js';

/** Backups: the snapshots restic holds, and the health of backups, checks, drills and retention. */
function BackupsPane(props: PaneProps<BackupsTarget>) {
  return <TwoLists {...props} heading={backupsHeading(props.data.views['backups.list'], props.now)} first="half" />;
}

export const BACKUPS_PANE = definePane<BackupsTarget>({
  id: 'backups',
  key: '4',
  title: 'Backups',
  lists: [SNAPSHOTS_LIST, HEALTH_LIST],
  Component: BackupsPane,
  actions: BACKUPS_ACTIONS,
  watch: ['backups.list', 'replica.status'],
  badges: (data) => backupBadges(data),
});
