import type { JobConfig } from '../config/pipeline.js';
import { ciOf } from '../ci/index.js';
import type { EngineCore } from '../area.js';
import { runTool } from '../run-tool.js';

export interface GateJobResult {
  ok: boolean;
  exitCode: number | null;
  error: string | null;
  /** The CI pool node it ran on, or null when it ran in a scratch workspace of this host (no ready node). */
  node: string | null;
}

/**
 * Runs one gate job: on a ready node of the CI pool when the job names a node label and one is ready within
 * NODE_WAIT_MS (taken and given back as a CI job run would; the ci loop replaces used nodes), otherwise in
 * `workspace` on this host (a CLI process drives no pool). `${VAR}` in argv are filled.
 */
export async function runGateJob(engine: EngineCore, job: JobConfig, env: Record<string, string>, workspace: string, logFile: string): Promise<GateJobResult> {
  const pool = ciOf(engine).pool;
  const node = pool.settings && pool.accepting && job.node ? await readyNode(() => pool.acquire(job.node!, 0)) : null;
  const filled: Record<string, string> = { ...env, NODE_WORKSPACE: node?.workspace ?? workspace, HOME: node?.workspace ?? workspace };
  const argv = job.argv.map((a) => a.replace(/\$\{([A-Z_]+)\}/g, (_, n: string) => filled[n] ?? ''));
  const timeoutMs = job.timeoutSec * 1000;
  if (node) {
    try {
      const r = await pool.provider.run(node.name, { argv, env: filled, timeoutMs, logFile });
      const ok = r.exitCode === 0 && !r.timedOut && r.error === null && !r.lost;
      const error = ok
        ? null
        : r.lost
          ? `node ${node.name} lost: ${r.error ?? ''}`
          : r.timedOut
            ? `timed out after ${job.timeoutSec}s`
            : (r.error ?? `exited ${r.exitCode}`);
      return { ok, exitCode: r.exitCode, error, node: node.name };
    } finally {
      pool.release(node.id);
    }
  }
  const r = await runTool(argv[0]!, argv.slice(1), { cwd: workspace, env: filled, timeoutMs, logFile });
  const ok = r.exitCode === 0 && !r.timedOut;
  return { ok, exitCode: r.exitCode, error: ok ? null : r.timedOut ? `timed out after ${job.timeoutSec}s` : `exited ${r.exitCode}`, node: null };
}

const NODE_WAIT_MS = 15_000;

async function readyNode<T>(take: () => T | null): Promise<T | null> {
  const until = Date.now() + NODE_WAIT_MS;
  for (;;) {
    const node = take();
    if (node || Date.now() >= until) return node;
    await new Promise((r) => setTimeout(r, 250));
  }
}
