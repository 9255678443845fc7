import { execa } from 'execa';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'rdo-console.js');

/** Runs the real rdo-console binary (built by the global setup) and returns exit code and output. */
export async function cli(args: string[], env: Record<string, string> = {}) {
  const r = await execa(process.execPath, [BIN, ...args], { reject: false, env: { ...env, CI: 'true' }, timeout: 120_000 });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
