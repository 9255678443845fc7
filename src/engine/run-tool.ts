import { execa, type Options } from 'execa';

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export class ToolError extends Error {
  constructor(
    readonly command: string,
    readonly result: ToolResult,
  ) {
    const lines = (result.stderr || result.stdout)
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '');
    const tail = lines.slice(-3);
    // The first error line often names the file at fault (a lock file, a path); keep it when the tail does not.
    const first = lines.find((l) => /^(fatal|error):/.test(l));
    const detail = (first && !tail.includes(first) ? [first, ...tail] : tail).join(' | ');
    super(`${command} ${result.timedOut ? 'timed out' : `exited ${result.exitCode}`}${detail ? `: ${detail}` : ''}`);
    this.name = 'ToolError';
  }
}

const running = new Map<{ kill(signal?: NodeJS.Signals): boolean }, { keepOnStop: boolean }>();

/**
 * Stops the tools still running (on shutdown): builds and fetches, which the next start's recovery re-queues.
 * A tool run with `keepOnStop` (createrepo_c, short and finishing a publication) is left to end.
 */
export function killRunningTools(): number {
  let killed = 0;
  for (const [child, o] of running) if (!o.keepOnStop) killed += child.kill('SIGTERM') ? 1 : 0;
  return killed;
}

/**
 * Runs an external tool with an argument array (never a shell), a timeout and its own cwd.
 * Resolves with the outcome; rejects only when `check` is set and the tool fails.
 */
export async function runTool(
  file: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs?: number; env?: Record<string, string>; check?: boolean; logFile?: string; input?: string; keepOnStop?: boolean },
): Promise<ToolResult> {
  const execaOptions: Options = {
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 600_000,
    env: { LC_ALL: 'C', ...options.env },
    reject: false,
    stripFinalNewline: false,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : undefined,
    ...(options.logFile ? { stdout: ['pipe', { file: options.logFile, append: true }], stderr: ['pipe', { file: options.logFile, append: true }] } : {}),
  };
  const child = execa(file, args, execaOptions);
  running.set(child, { keepOnStop: options.keepOnStop ?? false });
  const r = await child.finally(() => running.delete(child));
  const result: ToolResult = {
    exitCode: r.exitCode ?? (r.timedOut ? 124 : 1),
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    timedOut: Boolean(r.timedOut),
    ...(r.failed && r.exitCode === undefined && !r.timedOut ? { stderr: `${String(r.stderr ?? '')}${r.message}` } : {}),
  };
  if (options.check && (result.exitCode !== 0 || result.timedOut)) {
    throw new ToolError(`${file} ${args.slice(0, 2).join(' ')}`, result);
  }
  return result;
}
