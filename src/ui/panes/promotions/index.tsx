import { TwoLists } from '../two-lists.js';
import { definePane, type PaneProps } from '../types.js';
import { PROMOTIONS_ACTIONS } from './actions.js';
import { CANDIDATES_LIST, LABELS_LIST, promoterSummary, type PromotionsTarget } from './rows.js';

/** Promotions: the promoter, each label of the chain, and the candidates waiting for each. */
function PromotionsPane(props: PaneProps<PromotionsTarget>) {
  return <TwoLists {...props} heading={promoterSummary(props.data.views['promotions.labels'], props.now)} first="fit" />;
}

export const PROMOTIONS_PANE = definePane<PromotionsTarget>({
  id: 'promotions',
  key: '3',
  title: 'Promotions',
  lists: [LABELS_LIST, CANDIDATES_LIST],
  Component: PromotionsPane,
  actions: PROMOTIONS_ACTIONS,
  watch: ['promotions.labels'],
});
