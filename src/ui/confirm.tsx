import { Box, Text } from 'ink';
import { COMMANDS, isCommandName, type Command } from '../engine/commands.js';
import { shortRepoHash } from './panes/pipeline-status.js';
import { useTheme } from './theme.js';

const ASK = ' [y/N]';
/** Less room than this for the detail after the question: it is dropped rather than cut to a stub. */
const MIN_DETAIL = 12;

/** What a confirmation asks: `question` names the exact target and is never cut; `detail` may be. */
export interface Question {
  question: string;
  detail?: string;
}

/** The question for a dangerous command asked without one (typed in the `:` palette): its target first. */
export function defaultQuestion(command: Command): Question {
  const args = command.args ?? {};
  const detail = isCommandName(command.name) ? COMMANDS[command.name].description : undefined;
  const withDetail = (question: string): Question => (detail ? { question, detail } : { question });
  switch (command.name) {
    case 'trunk.force-rebuild':
      return withDetail(`Force rebuild ${String(args.package)}?`);
    case 'trunk.purge':
      return withDetail(`${args.dryRun === true ? 'Dry-run purge of' : 'Purge'} hashed repos older than ${String(args.olderThan)} days?`);
    case 'pool.delete':
      return withDetail(`Delete node ${String(args.node)}?`);
    case 'promote':
      return withDetail(`Promote ${shortRepoHash(String(args.hash))} → ${String(args.label)}?`);
    default:
      return withDetail(`${command.name} ${Object.values(args).map(String).join(' ')}`.trim() + '?');
  }
}

/** Greedy word wrap to `width`; a word longer than the width is broken. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The lines of a confirmation at `width` columns, always ending in `[y/N]`: question, detail and `[y/N]` on one
 * line if they fit; else the detail is shortened (with `…`) or dropped; a question that does not fit even alone
 * wraps onto more lines rather than being cut.
 */
export function confirmLines({ question, detail }: Question, width: number): string[] {
  const head = `⚠ ${question}`;
  if (detail) {
    const full = `${head} ${detail}${ASK}`;
    if (full.length <= width) return [full];
    const room = width - head.length - 1 - ASK.length;
    if (room >= MIN_DETAIL) return [`${head} ${detail.slice(0, room - 1)}…${ASK}`];
  }
  if (head.length + ASK.length <= width) return [head + ASK];
  return wrap(head + ASK, width);
}

/** The question before a dangerous command (the shell takes the answer: `y` goes ahead, anything else cancels). */
export function Confirm({ lines }: { lines: readonly string[] }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate" {...theme.tone('warn')}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
