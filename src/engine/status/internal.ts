import { statfs } from 'node:fs/promises';
import type { Facts } from '../area.js';
import type { ProbeConfig } from './config.js';

type InternalProbe = Extract<ProbeConfig, { kind: 'internal' }>;

/** Defaults for the oldest acceptable age (seconds) of each part's last pass, or the largest replica lag. */
export const DEFAULT_MAX_AGE = { trunk: 900, promoter: 1800, replica: 300, backup: 3 * 86_400 } as const;

const num = (facts: Facts, name: string) => (typeof facts[name] === 'number' ? (facts[name] as number) : null);

/** None yet is as old as the engine's run: fine until the engine has run longer than `max` without one. */
function ageCheck(facts: Facts, fact: string, max: number, what: string, upSeconds: number): string | null {
  const age = num(facts, fact);
  if (age === null) return upSeconds > max ? `no ${what} in the ${upSeconds} s the engine has run (more than ${max} s)` : null;
  return age > max ? `last ${what} ${age} s ago (more than ${max} s)` : null;
}

/**
 * An engine part's health from its facts: null when healthy, else why not. A part the engine does not run
 * here (no pool configured, no replica) is healthy: there is nothing to be down.
 */
export async function internalCheck(p: InternalProbe, env: { facts(): Facts; dataDir: string; upSeconds: number }): Promise<string | null> {
  if (p.part === 'disk') {
    const fs = await statfs(env.dataDir);
    const free = fs.blocks > 0 ? fs.bavail / fs.blocks : 0;
    return free < p['min-free'] ? `${(free * 100).toFixed(1)} % free on the data directory (less than ${(p['min-free'] * 100).toFixed(1)} %)` : null;
  }
  const facts = env.facts();
  switch (p.part) {
    case 'trunk':
      return ageCheck(facts, 'trunk.last-pass-age-seconds', p['max-age'] ?? DEFAULT_MAX_AGE.trunk, 'trunk pass', env.upSeconds);
    case 'promoter':
      return ageCheck(facts, 'promotions.promoter-last-pass-age-seconds', p['max-age'] ?? DEFAULT_MAX_AGE.promoter, 'promoter pass', env.upSeconds);
    case 'backup':
      return ageCheck(facts, 'backups.newest-age-seconds', p['max-age'] ?? DEFAULT_MAX_AGE.backup, 'backup', env.upSeconds);
    case 'replica': {
      // No replication here (no replica area, or a primary without replicas): nothing to be down.
      if (!Object.hasOwn(facts, 'replica.lag-seconds') || facts['replica.connected'] === null) return null;
      if (facts['replica.connected'] === false) return `replica ${facts['replica.state'] ?? 'disconnected'}`;
      const lag = num(facts, 'replica.lag-seconds');
      const max = p['max-age'] ?? DEFAULT_MAX_AGE.replica;
      if (lag === null) return 'replica disconnected';
      return lag > max ? `replica ${lag} s behind (more than ${max} s)` : null;
    }
    case 'pool': {
      if (facts['ci.pool-configured'] !== true) return null;
      if (typeof facts['ci.upkeep-error'] === 'string') return `pool upkeep failing: ${facts['ci.upkeep-error']}`;
      if (facts['ci.pool-drained'] === true) return 'pool drained: launching no nodes';
      const failures = num(facts, 'ci.launch-failures') ?? 0;
      if (failures > 0 && (num(facts, 'ci.nodes-ready') ?? 0) === 0) return `${failures} node launches failed, none ready`;
      return null;
    }
  }
}
