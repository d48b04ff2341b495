/**
 * The intake store tests run against both backends: SQLite (a temp file) and PostgreSQL (a database created for
 * this test file, dropped afterwards; tables emptied before each test).
 *
 * PostgreSQL comes from SS_PG_URL (an account that may CREATE DATABASE), else postgres://ss:ss@127.0.0.1:5432/postgres.
 * When CI is set or SS_PG_URL is given, an unreachable server FAILS the suite (CI must run these tests: .ci/run
 * installs and starts Debian's postgresql). On a developer machine without either, the PostgreSQL half is skipped
 * with the reason printed.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import { openPostgresStore, redactUrl } from '../../../../src/maintainer/intake/pg-store';
import { openSqliteStore } from '../../../../src/maintainer/intake/sqlite-store';
import type { ReportStore } from '../../../../src/maintainer/intake/store';
import { tempDir } from './helpers';

const FROM_ENV = process.env['SS_PG_URL'] ?? '';
export const PG_ADMIN_URL = FROM_ENV !== '' ? FROM_ENV : 'postgres://ss:ss@127.0.0.1:5432/postgres';
const PG_REQUIRED = (process.env['CI'] ?? '') !== '' || FROM_ENV !== '';

async function probe(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e: unknown) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** null when PostgreSQL answers; else why not. Probed once per test file. */
export const PG_UNREACHABLE: string | null = await probe();

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new empty database (name unique per run) → its URL. Names are generated here, never from input. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ss_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const drop = async (): Promise<void> => {
    // bounded retries: a backend may still be closing (or autovacuum just started) when the test ends
    for (let attempt = 1; ; attempt++) {
      try {
        return await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch (e: unknown) {
        if (attempt >= 10) throw e;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  };
  return { url: withDatabase(PG_ADMIN_URL, name), drop };
}

export interface StoreBackend {
  readonly name: 'sqlite' | 'postgres';
  /** A store on this test's (empty) database; closed after the test. */
  open(): Promise<ReportStore>;
  /** What `--db` takes to reach the same database (a file or a postgres:// URL). */
  location(): string;
  /** Rows in the reports table, read directly (not through the store). */
  countReports(): Promise<number>;
  /** Every row of every table as text (binary columns as latin1), to search for what must not be stored. */
  dump(): Promise<string>;
}

function asText(rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
}

/** `describe` once per backend; the PostgreSQL half fails loudly in CI when the server is missing. */
export function describeBackends(title: string, body: (b: StoreBackend) => void): void {
  describe(`${title} [sqlite]`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let n = 0;
    const opened: ReportStore[] = [];
    beforeEach(() => {
      tmp = tempDir();
      n++;
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      tmp.cleanup();
    });
    const file = (): string => join(tmp.dir, `reports-${n}.sqlite`);
    body({
      name: 'sqlite',
      open: () => {
        const s = openSqliteStore(file());
        opened.push(s);
        return Promise.resolve(s);
      },
      location: file,
      countReports: () => {
        const s = openSqliteStore(file());
        try {
          return Promise.resolve((s.db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n);
        } finally {
          void s.close();
        }
      },
      dump: () => {
        const s = openSqliteStore(file());
        try {
          const names = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
          // table names come from sqlite_master, not from input
          return Promise.resolve(names.map((t) => asText(s.db.prepare(`SELECT * FROM "${t.name}"`).all() as Record<string, unknown>[])).join('\n'));
        } finally {
          void s.close();
        }
      },
    });
  });

  if (!postgresAvailable(title)) return;

  describe(`${title} [postgres]`, () => {
    let db: { url: string; drop: () => Promise<void> };
    let adminPool: pg.Pool;
    const opened: ReportStore[] = [];
    beforeAll(async () => {
      db = await createTestDatabase();
      // migrate once, so each test only empties the tables
      await (await openPostgresStore(db.url)).close();
      adminPool = new pg.Pool({ connectionString: db.url, max: 2 });
      // the forced DROP in afterAll may reach a client that adminPool.end() is still closing: expected, not a failure
      adminPool.on('error', () => undefined);
      adminPool.on('connect', (client) => client.on('error', () => undefined));
    });
    afterAll(async () => {
      await adminPool?.end();
      await db?.drop();
    });
    beforeEach(async () => {
      await adminPool.query('TRUNCATE reports, triage_log, rate_buckets RESTART IDENTITY');
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    body({
      name: 'postgres',
      open: async () => {
        const s = await openPostgresStore(db.url);
        opened.push(s);
        return s;
      },
      location: () => db.url,
      countReports: async () => (await adminPool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM reports')).rows[0]?.n ?? -1,
      dump: async () => {
        const names = (await adminPool.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'")).rows;
        const parts: string[] = [];
        for (const { t } of names) parts.push(asText((await adminPool.query<Record<string, unknown>>(`SELECT * FROM "${t}"`)).rows));
        return parts.join('\n');
      },
    });
  });
}

/**
 * False (after declaring a failing test) when PostgreSQL is not reachable: never a silent skip. `npm test` starts
 * PostgreSQL as root (scripts/ensure-postgres.ts), as it installs the browsers; elsewhere the message says how.
 */
function postgresAvailable(title: string): boolean {
  if (PG_UNREACHABLE !== null) {
    const why = `PostgreSQL not reachable at ${redactUrl(PG_ADMIN_URL)}: ${PG_UNREACHABLE}`;
    const how = PG_REQUIRED
      ? ".ci/run installs and starts Debian's postgresql and exports SS_PG_URL"
      : 'run `sudo bash .ci/start-postgres` (after `apt-get install postgresql`) and set SS_PG_URL to the URL it prints';
    describe(`${title} [postgres]`, () => {
      it('needs a running PostgreSQL', () => {
        throw new Error(`${why}. ${how}.`);
      });
    });
    return false;
  }
  return true;
}


/** `describe` for PostgreSQL-only tests, with the same reachability rule as describeBackends. */
export function describePostgres(title: string, body: () => void): void {
  if (postgresAvailable(title)) describe(`${title} [postgres]`, body);
}
