/**
 * `--db` → a ReportStore: `postgres://…` / `postgresql://…` opens PostgreSQL (several intake processes may share
 * it), anything else is a SQLite file (the embedded default).
 */
import { isPostgresUrl, openPostgresStore, redactUrl } from './pg-store';
import { openSqliteStore } from './sqlite-store';
import type { ReportStore } from './store';

export { isPostgresUrl, redactUrl };

export async function openStore(db: string): Promise<ReportStore> {
  return isPostgresUrl(db) ? openPostgresStore(db) : openSqliteStore(db);
}

/** How to name the database in messages (no password). */
export function describeDb(db: string): string {
  return isPostgresUrl(db) ? redactUrl(db) : db;
}
