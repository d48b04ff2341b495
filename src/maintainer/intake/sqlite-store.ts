/**
 * ReportStore on one SQLite file (better-sqlite3): WAL journal (the server writes while `triage` reads), every
 * statement prepared once with bound parameters — values are never spliced into SQL text.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { CATEGORIES, type Category } from '../../core/types';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
import type { ReportKind, ReportStatus } from './schema';
import { StoreError, latestAccepted } from './store-util';
import type {
  AcceptedKey,
  Decision,
  InsertOutcome,
  NewReport,
  PendingGroup,
  ReportStore,
  StatusView,
  StoredReason,
  StoredReport,
  TriageLogEntry,
} from './store';

export { StoreError };

type Db = Database.Database;

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
  comment: string | null;
  paid: number | null;
  reasons_json: string | null;
  screenshot_bytes: number;
  client_version: string;
  locale: string;
  status: string;
  status_reason: string | null;
  decided_at: string | null;
}

interface GroupRow {
  group_key: string;
  kind: string;
  category: string;
  n: number;
  paid: number;
  first: string;
  last: string;
}

interface LogRow {
  at: string;
  action: string;
  target: string;
  reason: string;
  report_ids: string;
  detail: string | null;
}

const REPORT_COLUMNS = `id, idempotency_key, payload_sha256, received_at, kind, url, expression, group_key, site, category,
  comment, paid, reasons_json, COALESCE(length(screenshot), 0) AS screenshot_bytes, client_version, locale, status,
  status_reason, decided_at`;

/** Runs the missing migrations; returns the version reached. Exported for tests (partial migration). */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true });
  if (typeof current !== 'number') throw new StoreError('cannot read user_version');
  if (current > migrations.length) {
    throw new StoreError(`database schema v${current} is newer than this code (v${migrations.length}); upgrade the tool`);
  }
  for (let v = current; v < migrations.length; v++) {
    const m = migrations[v];
    if (m === undefined) break;
    db.transaction(() => {
      db.exec(m.sql);
      // PRAGMA takes no bound parameters; v is a loop integer, not input
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}

export function openSqliteStore(file: string): SqliteReportStore {
  if (file !== ':memory:') {
    // Reports are user data: the file (and the -wal / -shm files SQLite creates with the same mode) is the owner's
    // only. A new folder is 0700; an existing file that others could read is narrowed to 0600.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (e: unknown) {
    db.close();
    throw e;
  }
  return new SqliteReportStore(db);
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
    ...(r.comment !== null ? { comment: r.comment } : {}),
    ...(r.paid !== null ? { paid: r.paid === 1 } : {}),
    ...(reasons !== undefined ? { reasons } : {}),
    screenshotBytes: r.screenshot_bytes,
    clientVersion: r.client_version,
    locale: r.locale,
    status: r.status as ReportStatus,
    ...(r.status_reason !== null ? { statusReason: r.status_reason } : {}),
    ...(r.decided_at !== null ? { decidedAt: r.decided_at } : {}),
  };
}

export class SqliteReportStore implements ReportStore {
  readonly backend = 'sqlite' as const;
  readonly schemaVersion = SCHEMA_VERSION;
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO reports (id, idempotency_key, payload_sha256, received_at, kind, url, expression, group_key, site,
           category, comment, paid, reasons_json, screenshot, client_version, locale)
         VALUES (@id, @idempotencyKey, @payloadSha256, @receivedAt, @kind, @url, @expression, @groupKey, @site,
           @category, @comment, @paid, @reasonsJson, @screenshot, @clientVersion, @locale)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      ),
      byKey: db.prepare<[string], { id: string; status: string; status_reason: string | null; payload_sha256: string }>(
        'SELECT id, status, status_reason, payload_sha256 FROM reports WHERE idempotency_key = ?',
      ),
      status: db.prepare<[string], { id: string; status: string; status_reason: string | null }>(
        'SELECT id, status, status_reason FROM reports WHERE id = ?',
      ),
      get: db.prepare<[string], ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?`),
      screenshot: db.prepare<[string], { screenshot: Buffer | null }>('SELECT screenshot FROM reports WHERE id = ?'),
      groups: db.prepare<[{ kind: string | null }], GroupRow>(
        `SELECT group_key, kind, category, COUNT(*) AS n, COALESCE(SUM(paid), 0) AS paid,
           MIN(received_at) AS first, MAX(received_at) AS last
         FROM reports WHERE status = 'received' AND (@kind IS NULL OR kind = @kind)
         GROUP BY group_key, kind, category`,
      ),
      groupSample: db.prepare<[{ group: string; kind: string | null }], { id: string; expression: string }>(
        `SELECT id, expression FROM reports WHERE status = 'received' AND group_key = @group AND (@kind IS NULL OR kind = @kind)
         ORDER BY received_at, id LIMIT 50`,
      ),
      onSite: db.prepare<[{ site: string; kind: string | null }], ReportRow>(
        `SELECT ${REPORT_COLUMNS} FROM reports WHERE status = 'received' AND site = @site AND (@kind IS NULL OR kind = @kind)
         ORDER BY received_at, id`,
      ),
      decide: db.prepare<[string, string | null, string, string]>(
        `UPDATE reports SET status = ?, status_reason = ?, decided_at = ? WHERE id = ? AND status = 'received'`,
      ),
      log: db.prepare(
        `INSERT INTO triage_log (at, action, target, reason, report_ids, detail)
         VALUES (@at, @action, @target, @reason, @reportIds, @detail)`,
      ),
      acceptedSince: db.prepare<[string], { at: string; action: string; target: string }>(
        'SELECT at, action, target FROM triage_log WHERE at >= ? ORDER BY seq',
      ),
      readLog: db.prepare<[number], LogRow>(
        'SELECT at, action, target, reason, report_ids, detail FROM triage_log ORDER BY seq DESC LIMIT ?',
      ),
    };
  }

  insert(r: NewReport): Promise<InsertOutcome> {
    const info = this.stmts.insert.run({
      id: r.id,
      idempotencyKey: r.idempotencyKey,
      payloadSha256: r.payloadSha256,
      receivedAt: r.receivedAt,
      kind: r.kind,
      url: r.url,
      expression: r.expression,
      groupKey: r.groupKey,
      site: r.site,
      category: r.category,
      comment: r.comment ?? null,
      paid: r.paid === undefined ? null : r.paid ? 1 : 0,
      reasonsJson: r.reasons === undefined ? null : JSON.stringify(r.reasons),
      screenshot: r.screenshot === undefined ? null : Buffer.from(r.screenshot.buffer, r.screenshot.byteOffset, r.screenshot.length),
      clientVersion: r.clientVersion,
      locale: r.locale,
    });
    if (info.changes === 1) return Promise.resolve({ created: true, id: r.id, status: 'received' });
    const existing = this.stmts.byKey.get(r.idempotencyKey);
    if (existing === undefined) return Promise.reject(new StoreError('insert ignored but no row for the key'));
    return Promise.resolve({
      created: false,
      id: existing.id,
      status: existing.status as ReportStatus,
      ...(existing.status_reason !== null ? { reason: existing.status_reason } : {}),
      samePayload: existing.payload_sha256 === r.payloadSha256,
    });
  }

  status(id: string): Promise<StatusView | null> {
    const row = this.stmts.status.get(id);
    if (row === undefined) return Promise.resolve(null);
    return Promise.resolve({
      id: row.id,
      status: row.status as ReportStatus,
      ...(row.status_reason !== null ? { reason: row.status_reason } : {}),
    });
  }

  get(id: string): Promise<StoredReport | null> {
    const row = this.stmts.get.get(id);
    return Promise.resolve(row === undefined ? null : rowToReport(row));
  }

  screenshot(id: string): Promise<Uint8Array | null> {
    const row = this.stmts.screenshot.get(id);
    return Promise.resolve(row?.screenshot ? new Uint8Array(row.screenshot) : null);
  }

  pendingGroups(opts: { readonly kind?: ReportKind; readonly limit?: number } = {}): Promise<PendingGroup[]> {
    const kind = opts.kind ?? null;
    const acc = new Map<string, { count: number; kinds: Record<ReportKind, number>; categories: Partial<Record<Category, number>>; paid: number; first: string; last: string }>();
    for (const row of this.stmts.groups.all({ kind })) {
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
    return Promise.resolve(
      limited.map(([groupKey, g]) => {
        const sample = this.stmts.groupSample.all({ group: groupKey, kind });
        return {
          groupKey,
          count: g.count,
          kinds: g.kinds,
          categories: g.categories,
          paid: g.paid,
          firstReceived: g.first,
          lastReceived: g.last,
          expressions: [...new Set(sample.map((s) => s.expression))].slice(0, 5),
          reportIds: sample.slice(0, 5).map((s) => s.id),
        };
      }),
    );
  }

  pendingOnSite(site: string, kind?: ReportKind): Promise<StoredReport[]> {
    return Promise.resolve(this.stmts.onSite.all({ site, kind: kind ?? null }).map(rowToReport));
  }

  decide(ids: readonly string[], d: Decision, log: TriageLogEntry, sideEffect?: () => void): Promise<string[]> {
    const run = this.db.transaction((): string[] => {
      const marked: string[] = [];
      for (const id of ids) {
        if (this.stmts.decide.run(d.status, d.reason, d.at, id).changes === 1) marked.push(id);
      }
      this.stmts.log.run({
        at: log.at,
        action: log.action,
        target: log.target,
        reason: log.reason,
        reportIds: JSON.stringify(marked),
        detail: log.detail ?? null,
      });
      sideEffect?.();
      return marked;
    });
    try {
      return Promise.resolve(run());
    } catch (e: unknown) {
      return Promise.reject(e);
    }
  }

  triageLog(limit = 50): Promise<TriageLogEntry[]> {
    return Promise.resolve(
      this.stmts.readLog.all(limit).map((r) => ({
        at: r.at,
        action: r.action as TriageLogEntry['action'],
        target: r.target,
        reason: r.reason,
        reportIds: JSON.parse(r.report_ids) as string[],
        ...(r.detail !== null ? { detail: r.detail } : {}),
      })),
    );
  }

  acceptedSince(sinceIso: string): Promise<AcceptedKey[]> {
    return Promise.resolve(latestAccepted(this.stmts.acceptedSince.all(sinceIso)));
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
