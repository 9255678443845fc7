import { TwoLists } from '../two-lists.js';
import { definePane, type PaneProps } from '../types.js';
import { RELEASES_ACTIONS } from './actions.js';
import { BUILDS_LIST, releasesHeading, TAGS_LIST, type ReleasesTarget } from './rows.js';

/** Releases: each release's tags (what they lack) and the builds in them; closure, gate, signing above. */
function ReleasesPane(props: PaneProps<ReleasesTarget>) {
  return <TwoLists {...props} heading={releasesHeading(props.data)} first="fit" />;
}

export const RELEASES_PANE = definePane<ReleasesTarget>({
  id: 'releases',
  key: '8',
  title: 'Releases',
  lists: [TAGS_LIST, BUILDS_LIST],
  Component: ReleasesPane,
  actions: RELEASES_ACTIONS,
  watch: ['releases.list'],
});
