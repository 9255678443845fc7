import { Box, Text } from 'ink';
import { wrapLines } from '../../format.js';
import { cutCells, ListTable } from '../../list-table.js';
import { useTheme } from '../../theme.js';
import { definePane, type PaneProps } from '../types.js';
import { CHECKLISTS_ACTIONS } from './actions.js';
import { checklistBadges, headingLines, RUNS_LIST, STEPS_LIST, type ChecklistTarget } from './rows.js';

/** Checklists: the active run's timer and reference lines, its steps, then the checklists and past runs. */
function ChecklistsPane({ data, lists, width, height, now }: PaneProps<ChecklistTarget>) {
  const theme = useTheme();
  const [steps, runs] = lists;
  const heading = headingLines(data, now).slice(0, height >= 20 ? 4 : 1);
  const focused = lists.find((l) => l.focused);
  const cut = focused ? cutCells(focused, width) : [];
  const described = focused?.rows[focused.selected]?.describe;
  // A cut cell the row's description already says in full is not repeated.
  const extra = cut.filter((c) => !described?.includes(c.text)).map((c) => `${c.title.toLowerCase()}: ${c.text}`);
  const parts = [...(described ? [described] : []), ...extra];
  const detail = parts.length ? wrapLines(`› ${parts.join(' · ')}`, width, height >= 20 ? 3 : 2) : [];
  const body = Math.max(0, height - heading.length - detail.length);
  // The runs list has a third of the room, or all that the steps (title, header, rows) leave.
  const runsWanted = Math.min(Math.max(3, (runs?.rows.length ?? 0) + 2), Math.max(3, Math.floor(body / 3)));
  const stepsHeight = Math.max(0, Math.min(Math.max(3, (steps?.rows.length ?? 0) + 2), body - runsWanted));
  const runsHeight = Math.max(0, body - stepsHeight);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {heading.map((l, i) => (
        <Text key={`h${i}`} wrap="truncate" {...theme.tone(l.tone)}>
          {l.text}
        </Text>
      ))}
      {steps && <ListTable view={steps} summary={steps.spec.summary(data)} width={width} height={stepsHeight} />}
      {runs && <ListTable view={runs} summary={runs.spec.summary(data)} width={width} height={runsHeight} />}
      {detail.map((line, i) => (
        <Text key={i} wrap="truncate" {...theme.tone('muted')}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

export const CHECKLISTS_PANE = definePane<ChecklistTarget>({
  id: 'checklists',
  key: '7',
  title: 'Checklists',
  lists: [STEPS_LIST, RUNS_LIST],
  Component: ChecklistsPane,
  actions: CHECKLISTS_ACTIONS,
  watch: ['checklist.status', 'checklist.list'],
  badges: checklistBadges,
});
