import { runTool } from './run-tool.js';

const GIT_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'rdo-console',
  GIT_AUTHOR_EMAIL: 'rdo-console@localhost',
  GIT_COMMITTER_NAME: 'rdo-console',
  GIT_COMMITTER_EMAIL: 'rdo-console@localhost',
  HOME: process.env.HOME ?? '/tmp',
  PATH: process.env.PATH ?? '/usr/bin:/bin',
};

/** Runs git with an argument array in `cwd`; throws ToolError on failure and returns stdout. */
export async function git(
  cwd: string,
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number; logFile?: string; keepOnStop?: boolean } = {},
): Promise<string> {
  const r = await runTool('git', args, {
    cwd,
    check: true,
    env: { ...GIT_ENV, ...options.env },
    timeoutMs: options.timeoutMs ?? 120_000,
    logFile: options.logFile,
    keepOnStop: options.keepOnStop,
  });
  return r.stdout;
}
