import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashToken } from '../engine/config/operators.js';
import type { Fixture } from './fixture.js';

export const REPLICATION_TOKEN = 'replication-token-for-tests-0123456789';
export const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789ab';
export const VIEWER_TOKEN = 'viewer-token-for-tests-0123456789abcd';

/** operators.yml for a primary/replica pair: a replication token, an operator and a viewer. */
export function writePairOperators(fx: Fixture): void {
  writeFileSync(
    join(fx.configDir, 'operators.yml'),
    `operators:\n  - {name: replica, role: replication, token-sha256: ${hashToken(REPLICATION_TOKEN)}}\n` +
      `  - {name: alice, role: operator, token-sha256: ${hashToken(OPERATOR_TOKEN)}}\n` +
      `  - {name: victor, role: viewer, token-sha256: ${hashToken(VIEWER_TOKEN)}}\n`,
  );
}

/** A second data directory beside the fixture's, for the replica. */
export function replicaDataDir(fx: Fixture, name = 'replica-data'): string {
  const dir = join(fx.root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
