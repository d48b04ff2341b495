/**
 * PostgreSQL schema migrations: the same tables as the SQLite MIGRATIONS (same names, same order), in PostgreSQL
 * types, plus what only a shared database needs (shared rate-limit buckets). `intake_schema.version` holds how many
 * have run. Opening runs the missing ones under a transaction-level advisory lock, so several intake processes
 * starting at once migrate exactly once. Never edit a shipped migration: append a new one.
 */
import type { Migration } from './migrations';

export const PG_MIGRATIONS: readonly Migration[] = [
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
        comment_json     TEXT,   -- JSON string: PostgreSQL TEXT cannot hold U+0000, which a comment may
        paid             BOOLEAN,
        reasons_json     TEXT,
        screenshot       BYTEA,
        client_version   TEXT NOT NULL,
        locale           TEXT NOT NULL,
        status           TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'accepted', 'rejected')),
        status_reason    TEXT,
        decided_at       TEXT
      );
      CREATE INDEX reports_status_group ON reports (status, group_key);
      CREATE INDEX reports_status_site ON reports (status, site);
    `,
  },
  {
    name: '002-triage-log',
    sql: `
      CREATE TABLE triage_log (
        seq         BIGSERIAL PRIMARY KEY,
        at          TEXT NOT NULL,
        action      TEXT NOT NULL,
        target      TEXT NOT NULL,
        reason      TEXT NOT NULL,
        report_ids  TEXT NOT NULL,
        detail      TEXT
      );
    `,
  },
  {
    // UNLOGGED: not crash-safe and not replicated, which is right for buckets (losing them = everyone starts with a
    // full bucket). Keys are salted hashes, never addresses; full buckets are swept.
    // (The keys are salted hashes: see rate_salt.)
    name: '003-rate-buckets',
    sql: `
      CREATE UNLOGGED TABLE rate_buckets (
        scope   TEXT NOT NULL,
        key     BYTEA NOT NULL,
        tokens  DOUBLE PRECISION NOT NULL,
        at      BIGINT NOT NULL,
        ok      BOOLEAN NOT NULL DEFAULT TRUE,
        PRIMARY KEY (scope, key)
      );
      -- one random salt per database for the bucket key hashes (SS_RATE_SALT, when set, replaces it)
      CREATE TABLE rate_salt (one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), salt BYTEA NOT NULL);
      INSERT INTO rate_salt (salt) VALUES (decode(md5(random()::text || clock_timestamp()::text), 'hex'));
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
