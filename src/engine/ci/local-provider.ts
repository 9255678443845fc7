import { existsSync, mkdirSync, openSync, closeSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type Options, type ResultPromise } from 'execa';
import type { NodeCommand, NodeProvider, NodeRunResult } from './provider.js';

const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const KILL_GRACE_MS = 2000;

/**
 * Nodes on this machine: a node is a workspace directory `<nodesDir>/<name>/` and one process slot. Commands
 * run in their own process group, so a timeout or a deletion stops everything they started.
 */
export class LocalProvider implements NodeProvider {
  readonly name = 'local';
  private readonly slots = new Map<string, ResultPromise>();

  constructor(readonly nodesDir: string) {}

  async launch(node: string): Promise<{ workspace: string }> {
    if (!NODE_NAME.test(node)) throw new Error(`bad node name ${JSON.stringify(node)}`);
    const workspace = this.workspace(node);
    mkdirSync(this.nodesDir, { recursive: true });
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace);
    return { workspace };
  }

  async alive(node: string): Promise<boolean> {
    return existsSync(this.workspace(node));
  }

  async delete(node: string): Promise<void> {
    const slot = this.slots.get(node);
    if (slot?.pid) killGroup(slot.pid, 'SIGKILL');
    rmSync(this.workspace(node), { recursive: true, force: true });
  }

  async list(): Promise<string[]> {
    if (!existsSync(this.nodesDir)) return [];
    return readdirSync(this.nodesDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && NODE_NAME.test(e.name))
      .map((e) => e.name);
  }

  stopAll(): void {
    for (const child of this.slots.values()) if (child.pid) killGroup(child.pid, 'SIGKILL');
  }

  async run(node: string, command: NodeCommand): Promise<NodeRunResult> {
    const workspace = this.workspace(node);
    if (!existsSync(workspace)) return { exitCode: null, timedOut: false, lost: true, error: `node ${node} has no workspace` };
    if (this.slots.has(node)) return { exitCode: null, timedOut: false, lost: false, error: `node ${node} is already running a command` };
    // execa takes any file descriptor at run time; its types only list 3-9.
    const log = openSync(command.logFile, 'a') as 3;
    const options: Options = {
      cwd: workspace,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workspace, LC_ALL: 'C', TMPDIR: workspace, ...command.env },
      extendEnv: false,
      // The log file's descriptor itself, not a pipe: a leftover grandchild cannot keep the run from ending.
      stdio: ['ignore', log, log],
      detached: true,
      reject: false,
    };
    const child = execa(command.argv[0]!, command.argv.slice(1), options);
    this.slots.set(node, child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) {
        killGroup(child.pid, 'SIGTERM');
        setTimeout(() => killGroup(child.pid!, 'SIGKILL'), KILL_GRACE_MS).unref();
      }
    }, command.timeoutMs);
    try {
      const r = await child;
      const lost = !existsSync(workspace);
      const error = timedOut
        ? `timed out after ${Math.round(command.timeoutMs / 1000)}s`
        : r.exitCode === undefined
          ? r.signal
            ? `killed by ${r.signal}`
            : r.message
          : null;
      if (error) note(log, `rdo-console: ${error}\n`);
      return { exitCode: r.exitCode ?? null, timedOut, lost, error: lost ? `node ${node} went away during the job` : (error ?? null) };
    } finally {
      clearTimeout(timer);
      this.slots.delete(node);
      closeSync(log);
    }
  }

  private workspace(node: string): string {
    return join(this.nodesDir, node);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function note(fd: number, text: string): void {
  try {
    writeSync(fd, text);
  } catch {
    /* the log is best effort */
  }
}
