import type { Command } from 'commander';
import { act, leaf, type Program } from './commands.js';
import { UsageError } from './context.js';

/** Every command path with the words (subcommands and options) that may follow it. */
function tree(cmd: Command, path: string[] = []): { path: string; words: string[] }[] {
  const words = [
    ...cmd.commands.map((c) => c.name()).filter((n) => n !== 'help'),
    ...cmd.options.map((o) => o.long).filter((l): l is string => Boolean(l)),
    '--help',
  ];
  return [{ path: path.join(' '), words }, ...cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => tree(c, [...path, c.name()]))];
}

/** A bash completion function over the command tree (zsh runs it through bashcompinit). */
export function completionScript(root: Command, shell: 'bash' | 'zsh'): string {
  const cases = tree(root)
    .map(({ path, words }) => `    "${path}") words="${words.join(' ')}" ;;`)
    .join('\n');
  const bash = `_rdo_console() {
  local cur path words i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) if [ -z "$path" ]; then path="\${COMP_WORDS[i]}"; else path="$path \${COMP_WORDS[i]}"; fi ;;
    esac
  done
  while :; do
    case "$path" in
${cases}
    *) if [ "$path" = "\${path% *}" ]; then path=""; else path="\${path% *}"; fi; continue ;;
    esac
    break
  done
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _rdo_console rdo-console
`;
  return shell === 'bash' ? bash : `#compdef rdo-console\nautoload -U +X bashcompinit && bashcompinit\n${bash}`;
}

export function registerCompletionCli(p: Program): void {
  act(p, leaf(p, 'completion', 'Print a shell completion script: eval "$(rdo-console completion bash)"').argument('<shell>', 'bash or zsh'), ([shell]) => {
    if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`completion: the shell must be bash or zsh (got ${JSON.stringify(shell)})`);
    p.io.out(completionScript(p.root, shell).trimEnd());
    return 0;
  });
}
