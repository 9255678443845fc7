import type { Migration } from '../migrate.js';

/** A promotion recorded before its links move: a row here means the move may not have happened yet. */
const intentsMigration = `
CREATE TABLE promotion_intents (
  promotion_id INTEGER PRIMARY KEY REFERENCES promotions (id)
);
`;

export const PROMOTIONS_MIGRATIONS: readonly Migration[] = [{ id: 'promotions/001-intents', sql: intentsMigration }];
