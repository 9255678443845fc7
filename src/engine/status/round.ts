import type { ServiceConfig } from './config.js';
import { runProbe, type ProbeEnv, type ProbeResult } from './probes.js';

/** A probe that has not settled this long after its own timeout is given up on (it cannot stall the round). */
const GRACE_MS = 1000;

const timeoutOf = (s: ServiceConfig) => (s.probe.kind === 'internal' ? 10_000 : s.probe.timeout * 1000);

/** Probes every service, at most `concurrency` at once, each bounded by its timeout; results in service order. */
export async function probeRound(services: readonly ServiceConfig[], concurrency: number, env: ProbeEnv): Promise<ProbeResult[]> {
  const results: ProbeResult[] = new Array(services.length);
  let next = 0;
  const worker = async () => {
    while (next < services.length) {
      const i = next++;
      results[i] = await bounded(services[i]!, env);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, services.length) }, worker));
  return results;
}

async function bounded(s: ServiceConfig, env: ProbeEnv): Promise<ProbeResult> {
  const limit = timeoutOf(s) + GRACE_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, latencyMs: limit, error: `probe did not finish within ${limit / 1000} s` }), limit);
  });
  try {
    return await Promise.race([runProbe(s.probe, env), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
