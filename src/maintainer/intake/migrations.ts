/**
 * SQLite schema migrations. `PRAGMA user_version` holds how many of MIGRATIONS have run; opening a database runs
 * the missing ones in order, each in its own transaction. Never edit a shipped migration: append a new one.
 * A database with a higher user_version than this code knows is refused (older code must not write a newer schema).
 */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '001-reports',
    sql: `
      CREATE TABLE reports (
        id               TEXT PRIMARY KEY,
        idempotency_key  TEXT NOT NULL UNIQUE,
        payload_sha256   TEXT NOT NULL,
        received_at      TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('scam', 'false-positive')),
        url              TEXT NOT NULL,
        expression       TEXT NOT NULL,
        group_key        TEXT NOT NULL,
        site             TEXT NOT NULL,
        category         TEXT NOT NULL,
        comment          TEXT,
        paid             INTEGER CHECK (paid IN (0, 1)),
        reasons_json     TEXT,
        screenshot       BLOB,
        client_version   TEXT NOT NULL,
        locale           TEXT NOT NULL,
        status           TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'accepted', 'rejected')),
        status_reason    TEXT,
        decided_at       TEXT
      ) STRICT;
      CREATE INDEX reports_status_group ON reports (status, group_key);
      CREATE INDEX reports_status_site ON reports (status, site);
    `,
  },
  {
    name: '002-triage-log',
    sql: `
      CREATE TABLE triage_log (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        action      TEXT NOT NULL,
        target      TEXT NOT NULL,
        reason      TEXT NOT NULL,
        report_ids  TEXT NOT NULL,
        detail      TEXT
      ) STRICT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
