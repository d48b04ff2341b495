/**
 * Imported first by the worker's boot (worker-boot.ts), so it is the first module the worker evaluates: the database is
 * opened and the wake's rows (stored lists' key-less rows and the first parts of their files, allowlist) are read
 * while the rest of the worker is still being evaluated (since wake8 worker-app.js is imported right after, at every
 * wake). start() takes the promise instead of reading them through Dexie afterwards.
 * Only the worker imports this module (it starts a read as a side effect).
 */
import { readWakeRows, type WakeRows } from './wake-read';

/** The database's name (db.ts DB_NAME, which imports this value: db.ts pulls in Dexie, this module must not). */
export const WAKE_DB_NAME = 'scamsentinel';

export const wakeRows: Promise<WakeRows | null> = readWakeRows(WAKE_DB_NAME, globalThis.indexedDB);
