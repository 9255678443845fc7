import Database from 'better-sqlite3';
import { migrate, type Migration } from './migrate.js';

export type Db = Database.Database;

/** Opens (creating if needed) an engine database in WAL mode and applies the migrations not applied yet. */
export function openDb(file: string, options: { readonly?: boolean; migrations?: readonly Migration[] } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (options.migrations) migrate(db, options.migrations);
  }
  return db;
}
