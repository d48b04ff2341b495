import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../src/maintainer/intake/migrations';
import { StoreError, migrate, openSqliteStore } from '../../../../src/maintainer/intake/sqlite-store';
import pg from 'pg';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../../../../src/maintainer/intake/pg-migrations';
import { migratePg, openPostgresStore } from '../../../../src/maintainer/intake/pg-store';
import { createTestDatabase, describeBackends, describePostgres } from './backends';
import { newReport, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let file: string;

beforeEach(() => {
  tmp = tempDir();
  file = join(tmp.dir, 'sub', 'reports.sqlite');
});
afterEach(() => tmp.cleanup());

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('SQLite store: migrations', () => {
  it('creates the schema in an empty file (WAL, user_version) and re-opens without re-running', async () => {
    const s1 = openSqliteStore(file);
    expect(s1.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(s1.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tables(s1.db)).toEqual(['reports', 'triage_log']);
    const r = newReport();
    await s1.insert(r);
    await s1.close();

    const s2 = openSqliteStore(file);
    expect(s2.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect((await s2.get(r.id))?.url).toBe(r.url);
    await s2.close();
  });

  it('upgrades a v1 database in place, keeping its reports', async () => {
    mkdirSync(dirname(file), { recursive: true });
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(old)).toEqual(['reports']);
    const r = newReport();
    old
      .prepare(`INSERT INTO reports (id, idempotency_key, payload_sha256, received_at, kind, url, expression, group_key, site, category, client_version, locale)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(r.id, r.idempotencyKey, r.payloadSha256, r.receivedAt, r.kind, r.url, r.expression, r.groupKey, r.site, r.category, r.clientVersion, r.locale);
    old.close();

    const s = openSqliteStore(file);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(tables(s.db)).toEqual(['reports', 'triage_log']);
    expect((await s.status(r.id))?.status).toBe('received');
    await s.close();
  });

  it('refuses a database from newer code and leaves it untouched', () => {
    const db = new Database(join(tmp.dir, 'newer.sqlite'));
    migrate(db);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(join(tmp.dir, 'newer.sqlite'))).toThrow(StoreError);
    const again = new Database(join(tmp.dir, 'newer.sqlite'));
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    again.close();
  });

  it('rolls back a failing migration (version unchanged, no half-made tables)', () => {
    const db = new Database(':memory:');
    const bad = [...MIGRATIONS, { name: '999-broken', sql: 'CREATE TABLE half (x INTEGER); THIS IS NOT SQL;' }];
    expect(() => migrate(db, bad)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(tables(db)).not.toContain('half');
    db.close();
  });
});

describePostgres('PostgreSQL store: migrations', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  beforeEach(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
    // the forced DROP in afterEach may reach a client that pool.end() is still closing: expected, not a failure
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
  });
  afterEach(async () => {
    await pool.end();
    await db.drop();
  });
  const pgTables = async (): Promise<string[]> =>
    (await pool.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map((r) => r.t);
  const version = async (): Promise<number> => (await pool.query<{ version: number }>('SELECT version FROM intake_schema')).rows[0]?.version ?? -1;

  it('creates the schema once even when 4 processes open the empty database at the same time', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(db.url)));
    expect(await version()).toBe(PG_SCHEMA_VERSION);
    expect(await pgTables()).toEqual(['intake_schema', 'rate_buckets', 'rate_salt', 'reports', 'triage_log']);
    expect((await pool.query('SELECT * FROM rate_salt')).rows).toHaveLength(1);
    const r = newReport();
    await stores[0]?.insert(r);
    for (const s of stores) await s.close();
    const again = await openPostgresStore(db.url);
    expect((await again.get(r.id))?.url).toBe(r.url);
    await again.close();
  });

  it('upgrades a v1 database in place, keeping its reports', async () => {
    expect(await migratePg(pool, PG_MIGRATIONS.slice(0, 1))).toBe(1);
    expect(await pgTables()).toEqual(['intake_schema', 'reports']);
    const r = newReport();
    await pool.query(
      `INSERT INTO reports (id, idempotency_key, payload_sha256, received_at, kind, url, expression, group_key, site, category, client_version, locale)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [r.id, r.idempotencyKey, r.payloadSha256, r.receivedAt, r.kind, r.url, r.expression, r.groupKey, r.site, r.category, r.clientVersion, r.locale],
    );
    const s = await openPostgresStore(db.url);
    expect(await version()).toBe(PG_SCHEMA_VERSION);
    expect((await s.status(r.id))?.status).toBe('received');
    await s.close();
  });

  it('refuses a database from newer code and leaves it untouched', async () => {
    await migratePg(pool);
    await pool.query('UPDATE intake_schema SET version = $1', [PG_SCHEMA_VERSION + 1]);
    await expect(openPostgresStore(db.url)).rejects.toThrow(StoreError);
    expect(await version()).toBe(PG_SCHEMA_VERSION + 1);
  });

  it('rolls back a failing migration (version unchanged, no half-made tables)', async () => {
    const bad = [...PG_MIGRATIONS, { name: '999-broken', sql: 'CREATE TABLE half (x INTEGER); THIS IS NOT SQL;' }];
    await expect(migratePg(pool, bad)).rejects.toThrow();
    expect(await version()).toBe(PG_SCHEMA_VERSION);
    expect(await pgTables()).not.toContain('half');
  });
});

describeBackends('store: data', (backend) => {
  it('dedupes by idempotency key and reports whether the payload matched', async () => {
    const s = await backend.open();
    const r = newReport();
    expect(await s.insert(r)).toEqual({ created: true, id: r.id, status: 'received' });
    const again = await s.insert({ ...r, id: 'r_someotherid000000' });
    expect(again).toMatchObject({ created: false, id: r.id, samePayload: true });
    const changed = await s.insert({ ...r, id: 'r_yetanotherid00000', payloadSha256: 'f'.repeat(64) });
    expect(changed).toMatchObject({ created: false, id: r.id, samePayload: false });
  });

  it('stores any string literally (property test, SQL metacharacters included)', async () => {
    const s = await backend.open();
    const sqlish = fc.constantFrom("'", '"', ';', '--', '/*', '*/', "' OR '1'='1", 'DROP TABLE reports', '\u0000', '\\', '%', '_', '?', '?1', '@id', '$x');
    const text = fc.array(fc.oneof(sqlish, fc.string({ unit: 'grapheme' })), { maxLength: 12 }).map((a) => a.join('').slice(0, 2000));
    await fc.assert(
      fc.asyncProperty(text, text, async (comment, evidence) => {
        const r = { ...newReport(), comment, reasons: [{ signal: 'page:phrase', evidence }] };
        await s.insert(r);
        const got = await s.get(r.id);
        expect(got?.comment).toBe(comment);
        expect(got?.reasons?.[0]?.evidence).toBe(evidence);
      }),
      { numRuns: 200 },
    );
    expect(await backend.countReports()).toBe(200);
  });

  it('groups pending reports by group key with kinds, categories and paid counts', async () => {
    const s = await backend.open();
    const t = Date.parse('2025-11-20T08:00:00Z');
    await s.insert(newReport({ url: 'https://a.shop.example/x', category: 'fake-shop', paid: true }, t));
    await s.insert(newReport({ url: 'https://shop.example/y', category: 'phishing' }, t + 1000));
    await s.insert(newReport({ url: 'http://shop.example/', kind: 'false-positive', category: 'fake-shop' }, t + 2000));
    await s.insert(newReport({ url: 'https://sites.google.com/view/refund-desk/home' }, t + 3000));
    const groups = await s.pendingGroups();
    expect(groups[0]).toMatchObject({
      groupKey: 'shop.example/',
      count: 3,
      kinds: { scam: 2, 'false-positive': 1 },
      categories: { 'fake-shop': 2, phishing: 1 },
      paid: 1,
      firstReceived: '2025-11-20T08:00:00.000Z',
      lastReceived: '2025-11-20T08:00:02.000Z',
      expressions: ['a.shop.example/x', 'shop.example/y', 'shop.example/'],
    });
    expect(groups[1]?.groupKey).toBe('sites.google.com/view/refund-desk/home');
    expect((await s.pendingGroups({ kind: 'false-positive' })).map((g) => g.count)).toEqual([1]);
  });

  it('decide() marks only pending reports and rolls back when the side effect throws', async () => {
    const s = await backend.open();
    const a = newReport();
    const b = newReport();
    await s.insert(a);
    await s.insert(b);
    const at = '2025-11-20T08:00:00Z';
    const log = { at, action: 'reject' as const, target: a.id, reason: 'not a scam', reportIds: [a.id] };
    await expect(
      s.decide([a.id], { status: 'rejected', reason: 'not a scam', at }, log, () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect((await s.status(a.id))?.status).toBe('received');
    expect(await s.triageLog()).toEqual([]);
    expect(await s.decide([a.id, b.id], { status: 'rejected', reason: 'not a scam', at }, log)).toEqual([a.id, b.id]);
    expect(await s.decide([a.id], { status: 'accepted', reason: 'again', at }, log)).toEqual([]);
    expect(await s.status(a.id)).toEqual({ id: a.id, status: 'rejected', reason: 'not a scam' });
    expect(await s.triageLog()).toHaveLength(2);
  });
});

describeBackends('store: concurrency and the online-check feed', (backend) => {
  it('stores a report once when the same idempotency key arrives 20 times at once', async () => {
    const stores = [await backend.open(), await backend.open()];
    const r = newReport();
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]?.insert({ ...r, id: `r_concurrent${String(i).padStart(6, '0')}` })));
    expect(outcomes.filter((o) => o?.created === true)).toHaveLength(1);
    const winner = outcomes.find((o) => o?.created === true)?.id;
    expect(new Set(outcomes.map((o) => o?.id))).toEqual(new Set([winner]));
    expect(outcomes.every((o) => o?.created === true || (o?.created === false && o.samePayload))).toBe(true);
    expect(await backend.countReports()).toBe(1);
  });

  it('acceptedSince lists keys whose latest triage decision is an accept', async () => {
    const s = await backend.open();
    const log = (at: string, action: 'accept' | 'reject' | 'resolve-fp-remove', target: string) =>
      s.decide([], { status: 'accepted', reason: 'x', at }, { at, action, target, reason: 'why not', reportIds: [] });
    await log('2025-11-20T08:00:00Z', 'accept', 'old.example/');
    await log('2025-11-20T09:00:00Z', 'accept', 'fresh.example/');
    await log('2025-11-20T09:05:00Z', 'accept', 'taken-back.example/');
    await log('2025-11-20T09:06:00Z', 'reject', 'r_whatever00000000');
    await log('2025-11-20T09:10:00Z', 'resolve-fp-remove', 'taken-back.example/');
    expect(await s.acceptedSince('2025-11-20T08:30:00Z')).toEqual([{ key: 'fresh.example/', at: '2025-11-20T09:00:00Z' }]);
    expect((await s.acceptedSince('2025-11-20T00:00:00Z')).map((k) => k.key)).toEqual(['old.example/', 'fresh.example/']);
    // Decisions are kept to the second: one made in the publish's own second counts as fresh (it may not be in it).
    expect((await s.acceptedSince('2025-11-20T09:00:00Z')).map((k) => k.key)).toEqual(['fresh.example/']);
  });

  it(`rate-limit buckets: ${backend.name === 'postgres' ? 'shared by every store on the database' : 'none (the server keeps them in memory)'}`, async () => {
    const a = await backend.open();
    const b = await backend.open();
    if (backend.name === 'sqlite') {
      expect(a.sharedBuckets).toBeUndefined();
      expect(a.sharedPair).toBeUndefined();
      return;
    }
    // the pair: address then client bucket in one statement; a client refusal gives the address token back
    const pa = a.sharedPair?.({ burst: 10, perMinute: 6 }, { burst: 3, perMinute: 6 });
    const pb = b.sharedPair?.({ burst: 10, perMinute: 6 }, { burst: 3, perMinute: 6 });
    if (pa === undefined || pb === undefined) throw new Error('postgres store has no shared pair');
    const t0 = 2_000_000;
    const pairs = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? pa : pb).take('10.0.0.1', 'client-x', t0)));
    expect(pairs.filter((x) => x.ok)).toHaveLength(3);
    expect(pairs.find((x) => !x.ok)).toEqual({ ok: false, retryAfterMs: 10_000 });
    // 3 address tokens used, 5 refunded: 7 left for other clients on that address
    const others = await Promise.all(Array.from({ length: 9 }, (_, i) => pa.take('10.0.0.1', `other-${i}`, t0)));
    expect(others.filter((x) => x.ok)).toHaveLength(7);
    expect((await pb.take('10.0.0.1', null, t0)).ok).toBe(false); // address bucket empty
    expect((await pb.take('10.0.0.2', null, t0)).ok).toBe(true);
    const opts = { burst: 3, perMinute: 6 };
    const ba = a.sharedBuckets?.('client', opts);
    const bb = b.sharedBuckets?.('client', opts);
    if (ba === undefined || bb === undefined) throw new Error('postgres store has no shared buckets');
    const t = 1_000_000;
    expect(await ba.take('k1', t)).toEqual({ ok: true });
    expect(await bb.take('k1', t)).toEqual({ ok: true });
    expect(await ba.take('k1', t)).toEqual({ ok: true });
    expect(await bb.take('k1', t)).toEqual({ ok: false, retryAfterMs: 10_000 });
    expect(await ba.take('k2', t)).toEqual({ ok: true }); // another key has its own bucket
    expect(await bb.take('k1', t + 10_000)).toEqual({ ok: true }); // one token a 10 s
    expect((await ba.take('k1', t + 10_000)).ok).toBe(false);
    await bb.refund('k1', t + 10_000);
    expect((await ba.take('k1', t + 10_000)).ok).toBe(true);
    // 50 takes at once on one key across two stores: exactly burst pass
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? ba : bb).take('burst-key', t)));
    expect(many.filter((x) => x.ok)).toHaveLength(3);
    // keys are stored hashed, never as given
    const pool = (a as unknown as { pool: { query: (q: string) => Promise<{ rows: { key: Buffer }[] }> } }).pool;
    const keys = (await pool.query('SELECT key FROM rate_buckets')).rows.map((r) => r.key.toString('latin1'));
    expect(keys.some((k) => k.includes('k1') || k.includes('burst-key'))).toBe(false);
    await ba.sweep(t0 + 10 * 60_000);
    await pa.sweep(t0 + 10 * 60_000);
    expect((await pool.query('SELECT key FROM rate_buckets')).rows).toHaveLength(0);
  });
});
