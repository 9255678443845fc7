import { Box, Text } from 'ink';
import type { Catalog, Command } from '../engine/client/index.js';
import { shortRepoHash } from './panes/pipeline-status.js';
import { wrapText as wrap } from './format.js';
import { useTheme } from './theme.js';

const ASK = ' [y/N]';
/** A repo hash (`<commit>_<distro>` or a path ending in one): shortened in a question; a tag name is not. */
const REPO_HASH = /(^|\/)[0-9a-f]{8,}(_[0-9a-f]{8,})?$/;
/** Less room than this for the detail after the question: it is dropped rather than cut to a stub. */
const MIN_DETAIL = 12;

/** What a confirmation asks: `question` names the exact target and is never cut; `detail` may be. */
export interface Question {
  question: string;
  detail?: string;
}

/**
 * The question for a dangerous command asked without one (typed in the `:` palette): the engine's question for
 * it with the arguments filled in (repo hashes shortened), its description as the detail.
 */
export function defaultQuestion(command: Command, catalog: Catalog | null): Question {
  const args = command.args ?? {};
  const info = catalog?.commands.find((c) => c.name === command.name);
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = args[name];
      return v === undefined ? '' : (name === 'hash' || name === 'from' || name === 'to') && REPO_HASH.test(String(v)) ? shortRepoHash(String(v)) : String(v);
    });
  const question = info?.confirm ? fill(info.confirm) : `${command.name} ${Object.values(args).map(String).join(' ')}`.trim() + '?';
  return info?.description ? { question, detail: info.description } : { question };
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
