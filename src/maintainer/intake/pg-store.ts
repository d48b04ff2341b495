/**
 * ReportStore on PostgreSQL (node-postgres pool), for several intake processes sharing one database. Every value is
 * a bound parameter. Idempotency rests on the UNIQUE idempotency_key (INSERT … ON CONFLICT DO NOTHING: a concurrent
 * duplicate waits for the first insert to commit, then finds its row); rate limits on one-statement token-bucket
 * upserts (the row lock serialises processes).
 *
 * Size (over ~400 lines, kept whole): one ReportStore implementation (PostgresReportStore) with the migration runner
 * and the two token-bucket classes it hands out; they share one pool, and the store's queries share REPORT_COLUMNS and
 * rowToReport.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { CATEGORIES, type Category } from '../../core/types';
import type { Migration } from './migrations';
import { PG_MIGRATIONS } from './pg-migrations';
import type { BucketOptions, TakeResult } from './rate-limit';
import type { ReportKind, ReportStatus } from './schema';
import { StoreError, latestAccepted, type LogRowLike } from './store-util';
import type {
  AcceptedKey,
  Decision,
  InsertOutcome,
  NewReport,
  PendingGroup,
  PairedBuckets,
  ReportStore,
  SharedBuckets,
  StatusView,
  StoredReason,
  StoredReport,
  TriageLogEntry,
} from './store';

interface ReportRow {
  id: string;
  idempotency_key: string;
  payload_sha256: string;
  received_at: string;
  kind: string;
  url: string;
  expression: string;
  group_key: string;
  site: string;
  category: string;
  comment_json: string | null;
  paid: boolean | null;
  reasons_json: string | null;
  screenshot_bytes: number;
  client_version: string;
  locale: string;
  status: string;
  status_reason: string | null;
  decided_at: string | null;
}

const REPORT_COLUMNS = `id, idempotency_key, payload_sha256, received_at, kind, url, expression, group_key, site, category,
  comment_json, paid, reasons_json, COALESCE(octet_length(screenshot), 0)::int AS screenshot_bytes, client_version, locale,
  status, status_reason, decided_at`;

/** Any number the advisory lock for migrations; the same in every process. */
const MIGRATION_LOCK = 0x55_17_1e_01;

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

function toCategory(s: string): Category {
  return (CATEGORIES as readonly string[]).includes(s) ? (s as Category) : 'other';
}

function rowToReport(r: ReportRow): StoredReport {
  const reasons: StoredReason[] | undefined = r.reasons_json === null ? undefined : (JSON.parse(r.reasons_json) as StoredReason[]);
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    payloadSha256: r.payload_sha256,
    receivedAt: r.received_at,
    kind: r.kind === 'false-positive' ? 'false-positive' : 'scam',
    url: r.url,
    expression: r.expression,
    groupKey: r.group_key,
    site: r.site,
    category: toCategory(r.category),
    ...(r.comment_json !== null ? { comment: JSON.parse(r.comment_json) as string } : {}),
    ...(r.paid !== null ? { paid: r.paid } : {}),
    ...(reasons !== undefined ? { reasons } : {}),
    screenshotBytes: r.screenshot_bytes,
    clientVersion: r.client_version,
    locale: r.locale,
    status: r.status as ReportStatus,
    ...(r.status_reason !== null ? { statusReason: r.status_reason } : {}),
    ...(r.decided_at !== null ? { decidedAt: r.decided_at } : {}),
  };
}

/** Runs the missing migrations (each in its own transaction, under an advisory lock); returns the version reached. */
export async function migratePg(pool: pg.Pool, migrations: readonly Migration[] = PG_MIGRATIONS): Promise<number> {
  const c = await pool.connect();
  try {
    for (;;) {
      await c.query('BEGIN');
      try {
        // everything under the lock, the bookkeeping table included (CREATE … IF NOT EXISTS races otherwise)
        await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await c.query('CREATE TABLE IF NOT EXISTS intake_schema (one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), version INTEGER NOT NULL)');
        await c.query('INSERT INTO intake_schema (one, version) VALUES (TRUE, 0) ON CONFLICT DO NOTHING');
        const r = await c.query<{ version: number }>('SELECT version FROM intake_schema');
        const current = r.rows[0]?.version ?? 0;
        if (current > migrations.length) {
          throw new StoreError(`database schema v${current} is newer than this code (v${migrations.length}); upgrade the tool`);
        }
        const m = migrations[current];
        if (m === undefined) {
          await c.query('COMMIT');
          return migrations.length;
        }
        await c.query(m.sql);
        await c.query('UPDATE intake_schema SET version = $1', [current + 1]);
        await c.query('COMMIT');
      } catch (e: unknown) {
        await c.query('ROLLBACK');
        throw e;
      }
    }
  } finally {
    c.release();
  }
}

export interface PgStoreOptions {
  /** Pool size per process (default 10). */
  readonly max?: number;
  readonly migrations?: readonly Migration[];
}

export async function openPostgresStore(url: string, opts: PgStoreOptions = {}): Promise<PostgresReportStore> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // an idle client losing its connection must not crash the process; the next query reconnects. A client that
  // the pool is closing (pool.end) no longer has the pool's idle listener: a server-side termination arriving then
  // (a restart, DROP … WITH (FORCE): 57P01) was an uncaught exception — each client gets its own listener.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await migratePg(pool, opts.migrations);
  } catch (e: unknown) {
    await pool.end();
    throw e;
  }
  let salt: Buffer;
  const fromEnv = process.env['SS_RATE_SALT'];
  if (fromEnv !== undefined && fromEnv !== '') salt = Buffer.from(fromEnv);
  else {
    const r = await pool.query<{ salt: Buffer }>('SELECT salt FROM rate_salt');
    salt = r.rows[0]?.salt ?? Buffer.alloc(0);
  }
  return new PostgresReportStore(pool, salt);
}

class PgBuckets implements SharedBuckets {
  private readonly perMs: number;
  constructor(
    private readonly pool: pg.Pool,
    private readonly scope: string,
    private readonly opts: BucketOptions,
    private readonly salt: Buffer,
  ) {
    if (!(opts.burst >= 1) || !(opts.perMinute > 0)) throw new RangeError('burst must be ≥ 1 and perMinute > 0');
    this.perMs = opts.perMinute / 60_000;
  }

  private hashed(key: string): Buffer {
    return createHash('sha256').update(this.salt).update(key).digest().subarray(0, 16);
  }

  async take(key: string, now: number): Promise<TakeResult> {
    // refilled = min(burst, tokens + elapsed·rate); take one if refilled ≥ 1. One statement: the row lock makes it
    // atomic across processes. A fresh bucket starts at burst − 1.
    const r = await this.pool.query<{ ok: boolean; tokens: number }>({
      name: 'ss-rate-take',
      text: `INSERT INTO rate_buckets AS b (scope, key, tokens, at, ok) VALUES ($1, $2, $3::float8 - 1, $4::bigint, TRUE)
       ON CONFLICT (scope, key) DO UPDATE SET
         tokens = LEAST($3::float8, b.tokens + GREATEST(0, $4::bigint - b.at) * $5::float8)
                  - CASE WHEN LEAST($3::float8, b.tokens + GREATEST(0, $4::bigint - b.at) * $5::float8) >= 1 THEN 1 ELSE 0 END,
         ok = LEAST($3::float8, b.tokens + GREATEST(0, $4::bigint - b.at) * $5::float8) >= 1,
         at = GREATEST(b.at, $4::bigint)
       RETURNING ok, tokens`,
      values: [this.scope, this.hashed(key), this.opts.burst, Math.round(now), this.perMs],
    });
    const row = r.rows[0];
    if (row === undefined) throw new StoreError('rate bucket upsert returned no row');
    return row.ok ? { ok: true } : { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - row.tokens) / this.perMs)) };
  }

  async refund(key: string, _now: number): Promise<void> {
    await this.pool.query('UPDATE rate_buckets SET tokens = LEAST($3::float8, tokens + 1) WHERE scope = $1 AND key = $2', [
      this.scope,
      this.hashed(key),
      this.opts.burst,
    ]);
  }

  async sweep(now: number): Promise<void> {
    await this.pool.query('DELETE FROM rate_buckets WHERE scope = $1 AND tokens + GREATEST(0, $2::bigint - at) * $3::float8 >= $4::float8', [
      this.scope,
      Math.round(now),
      this.perMs,
      this.opts.burst,
    ]);
  }
}

/** SET clause of a bucket upsert; $b burst, $n now, $r tokens per ms (placeholders filled in by the caller). */
function bucketUpdate(b: string, n: string, r: string): string {
  const refilled = `LEAST(${b}::float8, b.tokens + GREATEST(0, ${n}::bigint - b.at) * ${r}::float8)`;
  return `tokens = ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END, ok = ${refilled} >= 1, at = GREATEST(b.at, ${n}::bigint)`;
}

class PgPair implements PairedBuckets {
  private readonly ipPerMs: number;
  private readonly clientPerMs: number;
  private readonly ipBuckets: PgBuckets;
  private readonly clientBuckets: PgBuckets;
  constructor(
    private readonly pool: pg.Pool,
    private readonly ip: BucketOptions,
    private readonly client: BucketOptions,
    private readonly salt: Buffer,
  ) {
    this.ipBuckets = new PgBuckets(pool, 'ip', ip, salt);
    this.clientBuckets = new PgBuckets(pool, 'client', client, salt);
    this.ipPerMs = ip.perMinute / 60_000;
    this.clientPerMs = client.perMinute / 60_000;
  }

  private hashed(key: string): Buffer {
    return createHash('sha256').update(this.salt).update(key).digest().subarray(0, 16);
  }

  async take(ipKey: string, clientKey: string | null, now: number): Promise<TakeResult> {
    // one statement: the address bucket, then the client bucket only if the address one gave a token
    const r = await this.pool.query<{ ip_ok: boolean; ip_tokens: number; cl_ok: boolean | null; cl_tokens: number | null }>({
      name: 'ss-rate-pair',
      text: `WITH ip AS (
          INSERT INTO rate_buckets AS b (scope, key, tokens, at, ok) VALUES ('ip', $1, $3::float8 - 1, $5::bigint, TRUE)
          ON CONFLICT (scope, key) DO UPDATE SET ${bucketUpdate('$3', '$5', '$6')}
          RETURNING ok, tokens),
        cl AS (
          INSERT INTO rate_buckets AS b (scope, key, tokens, at, ok)
            SELECT 'client', $2::bytea, $4::float8 - 1, $5::bigint, TRUE FROM ip WHERE ip.ok AND $2::bytea IS NOT NULL
          ON CONFLICT (scope, key) DO UPDATE SET ${bucketUpdate('$4', '$5', '$7')}
          RETURNING ok, tokens)
        SELECT ip.ok AS ip_ok, ip.tokens AS ip_tokens, cl.ok AS cl_ok, cl.tokens AS cl_tokens FROM ip LEFT JOIN cl ON TRUE`,
      values: [
        this.hashed(ipKey),
        clientKey === null ? null : this.hashed(clientKey),
        this.ip.burst,
        this.client.burst,
        Math.round(now),
        this.ipPerMs,
        this.clientPerMs,
      ],
    });
    const row = r.rows[0];
    if (row === undefined) throw new StoreError('rate bucket upsert returned no row');
    if (!row.ip_ok) return { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - row.ip_tokens) / this.ipPerMs)) };
    if (clientKey === null || row.cl_ok === true) return { ok: true };
    await this.ipBuckets.refund(ipKey, now); // a refused request costs nothing in the address bucket
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - (row.cl_tokens ?? 0)) / this.clientPerMs)) };
  }

  async sweep(now: number): Promise<void> {
    await Promise.all([this.ipBuckets.sweep(now), this.clientBuckets.sweep(now)]);
  }
}

export class PostgresReportStore implements ReportStore {
  readonly backend = 'postgres' as const;
  constructor(
    readonly pool: pg.Pool,
    /** Bucket keys are hashed with it, so the table never holds an address; the same in every process. */
    private readonly salt: Buffer,
  ) {}

  sharedBuckets(scope: string, opts: BucketOptions): SharedBuckets {
    return new PgBuckets(this.pool, scope, opts, this.salt);
  }

  sharedPair(ip: BucketOptions, client: BucketOptions): PairedBuckets {
    return new PgPair(this.pool, ip, client, this.salt);
  }

  async insert(r: NewReport): Promise<InsertOutcome> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const ins = await this.pool.query<{ id: string }>({
        // named: parsed and planned once per connection (the hot path)
        name: 'ss-report-insert',
        text: `INSERT INTO reports (id, idempotency_key, payload_sha256, received_at, kind, url, expression, group_key, site,
           category, comment_json, paid, reasons_json, screenshot, client_version, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        values: [
          r.id,
          r.idempotencyKey,
          r.payloadSha256,
          r.receivedAt,
          r.kind,
          r.url,
          r.expression,
          r.groupKey,
          r.site,
          r.category,
          r.comment === undefined ? null : JSON.stringify(r.comment),
          r.paid ?? null,
          r.reasons === undefined ? null : JSON.stringify(r.reasons),
          r.screenshot === undefined ? null : Buffer.from(r.screenshot.buffer, r.screenshot.byteOffset, r.screenshot.length),
          r.clientVersion,
          r.locale,
        ],
      });
      if (ins.rowCount === 1) return { created: true, id: r.id, status: 'received' };
      const existing = await this.pool.query<{ id: string; status: string; status_reason: string | null; payload_sha256: string }>(
        'SELECT id, status, status_reason, payload_sha256 FROM reports WHERE idempotency_key = $1',
        [r.idempotencyKey],
      );
      const row = existing.rows[0];
      // no row: the conflicting insert rolled back between our two statements; try again
      if (row === undefined) continue;
      return {
        created: false,
        id: row.id,
        status: row.status as ReportStatus,
        ...(row.status_reason !== null ? { reason: row.status_reason } : {}),
        samePayload: row.payload_sha256 === r.payloadSha256,
      };
    }
    throw new StoreError('insert ignored but no row for the key (3 attempts)');
  }

  async status(id: string): Promise<StatusView | null> {
    const r = await this.pool.query<{ id: string; status: string; status_reason: string | null }>(
      'SELECT id, status, status_reason FROM reports WHERE id = $1',
      [id],
    );
    const row = r.rows[0];
    if (row === undefined) return null;
    return { id: row.id, status: row.status as ReportStatus, ...(row.status_reason !== null ? { reason: row.status_reason } : {}) };
  }

  async get(id: string): Promise<StoredReport | null> {
    const r = await this.pool.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [id]);
    const row = r.rows[0];
    return row === undefined ? null : rowToReport(row);
  }

  async screenshot(id: string): Promise<Uint8Array | null> {
    const r = await this.pool.query<{ screenshot: Buffer | null }>('SELECT screenshot FROM reports WHERE id = $1', [id]);
    const b = r.rows[0]?.screenshot;
    return b ? new Uint8Array(b) : null;
  }

  async pendingGroups(opts: { readonly kind?: ReportKind; readonly limit?: number } = {}): Promise<PendingGroup[]> {
    const kind = opts.kind ?? null;
    const rows = await this.pool.query<{ group_key: string; kind: string; category: string; n: number; paid: number; first: string; last: string }>(
      `SELECT group_key, kind, category, COUNT(*)::int AS n, COUNT(*) FILTER (WHERE paid)::int AS paid,
         MIN(received_at) AS first, MAX(received_at) AS last
       FROM reports WHERE status = 'received' AND ($1::text IS NULL OR kind = $1)
       GROUP BY group_key, kind, category`,
      [kind],
    );
    const acc = new Map<string, { count: number; kinds: Record<ReportKind, number>; categories: Partial<Record<Category, number>>; paid: number; first: string; last: string }>();
    for (const row of rows.rows) {
      let g = acc.get(row.group_key);
      if (!g) {
        g = { count: 0, kinds: { scam: 0, 'false-positive': 0 }, categories: {}, paid: 0, first: row.first, last: row.last };
        acc.set(row.group_key, g);
      }
      g.count += row.n;
      g.paid += row.paid;
      if (row.kind === 'scam' || row.kind === 'false-positive') g.kinds[row.kind] += row.n;
      const c = toCategory(row.category);
      g.categories[c] = (g.categories[c] ?? 0) + row.n;
      if (row.first < g.first) g.first = row.first;
      if (row.last > g.last) g.last = row.last;
    }
    const sorted = [...acc.entries()].sort((a, b) => b[1].count - a[1].count || (a[1].last < b[1].last ? 1 : -1));
    const limited = opts.limit !== undefined ? sorted.slice(0, opts.limit) : sorted;
    const out: PendingGroup[] = [];
    for (const [groupKey, g] of limited) {
      const sample = await this.pool.query<{ id: string; expression: string }>(
        `SELECT id, expression FROM reports WHERE status = 'received' AND group_key = $1 AND ($2::text IS NULL OR kind = $2)
         ORDER BY received_at, id LIMIT 50`,
        [groupKey, kind],
      );
      out.push({
        groupKey,
        count: g.count,
        kinds: g.kinds,
        categories: g.categories,
        paid: g.paid,
        firstReceived: g.first,
        lastReceived: g.last,
        expressions: [...new Set(sample.rows.map((s) => s.expression))].slice(0, 5),
        reportIds: sample.rows.slice(0, 5).map((s) => s.id),
      });
    }
    return out;
  }

  async pendingOnSite(site: string, kind?: ReportKind): Promise<StoredReport[]> {
    const r = await this.pool.query<ReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM reports WHERE status = 'received' AND site = $1 AND ($2::text IS NULL OR kind = $2)
       ORDER BY received_at, id`,
      [site, kind ?? null],
    );
    return r.rows.map(rowToReport);
  }

  async decide(ids: readonly string[], d: Decision, log: TriageLogEntry, sideEffect?: () => void): Promise<string[]> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      try {
        const marked: string[] = [];
        for (const id of ids) {
          const u = await c.query(`UPDATE reports SET status = $1, status_reason = $2, decided_at = $3 WHERE id = $4 AND status = 'received'`, [
            d.status,
            d.reason,
            d.at,
            id,
          ]);
          if (u.rowCount === 1) marked.push(id);
        }
        await c.query('INSERT INTO triage_log (at, action, target, reason, report_ids, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
          log.at,
          log.action,
          log.target,
          log.reason,
          JSON.stringify(marked),
          log.detail ?? null,
        ]);
        sideEffect?.();
        await c.query('COMMIT');
        return marked;
      } catch (e: unknown) {
        await c.query('ROLLBACK');
        throw e;
      }
    } finally {
      c.release();
    }
  }

  async triageLog(limit = 50): Promise<TriageLogEntry[]> {
    const r = await this.pool.query<LogRowLike>(
      'SELECT at, action, target, reason, report_ids, detail FROM triage_log ORDER BY seq DESC LIMIT $1',
      [limit],
    );
    return r.rows.map((row) => ({
      at: row.at,
      action: row.action as TriageLogEntry['action'],
      target: row.target,
      reason: row.reason,
      reportIds: JSON.parse(row.report_ids) as string[],
      ...(row.detail !== null ? { detail: row.detail } : {}),
    }));
  }

  async acceptedSince(sinceIso: string): Promise<AcceptedKey[]> {
    const r = await this.pool.query<{ at: string; action: string; target: string }>(
      'SELECT at, action, target FROM triage_log WHERE at >= $1 ORDER BY seq',
      [sinceIso],
    );
    return latestAccepted(r.rows);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

