/** The event log every area appends to (the audit trail and the consoles' feed). */
export const eventsMigration = `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX events_type ON events (type, seq);
`;
