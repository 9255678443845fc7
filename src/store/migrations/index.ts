import { trunkMigration } from './001-trunk.js';
import { pipelineMigration } from './002-pipeline.js';
import { apiIndexesMigration } from './003-api-indexes.js';

/** Ordered schema migrations; index + 1 is the schema version (PRAGMA user_version). Append only. */
export const MIGRATIONS: readonly string[] = [trunkMigration, pipelineMigration, apiIndexesMigration];
