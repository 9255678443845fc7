import type { Migration } from '../migrate.js';
import { eventsMigration } from './000-events.js';
import { trunkMigration } from './001-trunk.js';
import { pipelineMigration } from './002-pipeline.js';
import { apiIndexesMigration } from './003-api-indexes.js';
import { supersededMigration } from './004-superseded.js';
import { maintenanceMigration } from './005-maintenance.js';
import { aggregatesMigration } from './006-aggregates.js';

/** The event log: the engine's own, applied before any area's. */
export const CORE_MIGRATIONS: readonly Migration[] = [{ id: 'core/001-events', sql: eventsMigration }];
export const TRUNK_MIGRATIONS: readonly Migration[] = [
  { id: 'trunk/001-trunk', sql: trunkMigration },
  { id: 'trunk/002-aggregates', sql: aggregatesMigration },
];
export const CI_MIGRATIONS: readonly Migration[] = [
  { id: 'ci/001-pipeline', sql: pipelineMigration },
  { id: 'ci/002-api-indexes', sql: apiIndexesMigration },
  { id: 'ci/003-superseded', sql: supersededMigration },
];
export const MAINTENANCE_MIGRATIONS: readonly Migration[] = [{ id: 'maintenance/001-windows', sql: maintenanceMigration }];

/**
 * Databases made before migrations had ids counted them in PRAGMA user_version: version n means the first n
 * of these were applied.
 */
export const LEGACY_VERSIONS: readonly (readonly string[])[] = [['core/001-events', 'trunk/001-trunk'], ['ci/001-pipeline'], ['ci/002-api-indexes']];
