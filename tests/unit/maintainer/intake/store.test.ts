import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../src/maintainer/intake/migrations';
import { StoreError, migrate, openSqliteStore } from '../../../../src/maintainer/intake/sqlite-store';
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

describe('SQLite store: data', () => {
  it('dedupes by idempotency key and reports whether the payload matched', async () => {
    const s = openSqliteStore(file);
    const r = newReport();
    expect(await s.insert(r)).toEqual({ created: true, id: r.id, status: 'received' });
    const again = await s.insert({ ...r, id: 'r_someotherid000000' });
    expect(again).toMatchObject({ created: false, id: r.id, samePayload: true });
    const changed = await s.insert({ ...r, id: 'r_yetanotherid00000', payloadSha256: 'f'.repeat(64) });
    expect(changed).toMatchObject({ created: false, id: r.id, samePayload: false });
    await s.close();
  });

  it('stores any string literally (property test, SQL metacharacters included)', async () => {
    const s = openSqliteStore(file);
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
    expect(tables(s.db)).toEqual(['reports', 'triage_log']);
    await s.close();
  });

  it('groups pending reports by group key with kinds, categories and paid counts', async () => {
    const s = openSqliteStore(file);
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
    await s.close();
  });

  it('decide() marks only pending reports and rolls back when the side effect throws', async () => {
    const s = openSqliteStore(file);
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
    await s.close();
  });
});
