/**
 * Three intake processes (separate Node processes, as deployed behind a reverse proxy) on loopback ports, one
 * PostgreSQL database: concurrent duplicate submissions are stored exactly once, and a client's rate limit holds
 * across processes (its requests spread over all three still get exactly `burst` through).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describePostgres } from './backends';
import { postJson, validReport } from './helpers';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

interface Proc {
  readonly url: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly log: string[];
}

function startIntake(db: string, args: readonly string[]): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/maintainer/intake/main.ts', 'intake', '--port', '0', '--db', db, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`intake did not start in 60 s: ${out}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      out += text;
      log.push(...text.split('\n').filter((l) => l !== ''));
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        ok({ url: m[1], child, log });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`intake exited early (${String(code)}): ${out}`));
    });
  });
}

function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    p.child.once('exit', () => done());
    p.child.kill('SIGTERM');
  });
}

describePostgres('intake: 3 processes on one database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let procs: Proc[] = [];
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    // per client key: burst 5, then one a minute (nothing refills during the test); per address: out of the way
    const args = ['--burst', '5', '--rate-per-min', '1', '--ip-burst', '100000', '--ip-rate-per-min', '1000000'];
    procs = await Promise.all([0, 1, 2].map(() => startIntake(db.url, args)));
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    // the forced DROP in afterAll may reach a client that pool.end() is still closing: that is expected, not a failure
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(procs.map(stop));
    await pool?.end();
    await db?.drop();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? -1;

  it('runs three processes on distinct loopback ports', () => {
    expect(new Set(procs.map((p) => p.url)).size).toBe(3);
    for (const p of procs) expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('stores concurrent duplicate submissions exactly once', async () => {
    const reports = Array.from({ length: 20 }, () => validReport({ url: `https://dup-${randomUUID().slice(0, 8)}.example/pay` }));
    // each report 6 times at once: twice to each process (a client retrying through the proxy)
    const sends = reports.flatMap((r, i) =>
      [0, 1, 2, 0, 1, 2].map((k) => postJson(procs[k]?.url ?? '', r, { 'x-client-key': `dup-client-${String(i).padStart(4, '0')}-${k % 2}` })),
    );
    const answers = await Promise.all(sends);
    const ids = new Map<string, Set<string>>();
    answers.forEach((a, j) => {
      expect([200, 202]).toContain(a.status);
      const key = String(reports[Math.floor(j / 6)]?.['idempotencyKey']);
      const set = ids.get(key) ?? new Set<string>();
      set.add((a.json() as { id: string }).id);
      ids.set(key, set);
    });
    expect(answers.filter((a) => a.status === 202)).toHaveLength(20); // one "created" per report
    for (const set of ids.values()) expect(set.size).toBe(1); // every answer for a report names the same id
    expect(await count("SELECT COUNT(*)::int AS n FROM reports WHERE url LIKE 'https://dup-%'")).toBe(20);
    expect(await count('SELECT COUNT(DISTINCT idempotency_key)::int AS n FROM reports')).toBe(await count('SELECT COUNT(*)::int AS n FROM reports'));
  });

  it('holds one client key to its burst across the three processes', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => postJson(procs[i % 3]?.url ?? '', validReport({ url: 'https://flood.example/x' }), { 'x-client-key': 'flooder-multi-0001' })),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(25);
    // each process refused some: the limit is shared, not per process
    const refusedBy = new Set(answers.map((a, i) => (a.status === 429 ? i % 3 : -1)).filter((k) => k >= 0));
    expect(refusedBy.size).toBe(3);
    expect(await count("SELECT COUNT(*)::int AS n FROM reports WHERE url = 'https://flood.example/x'")).toBe(5);
    // another client is still served
    expect((await postJson(procs[1]?.url ?? '', validReport(), { 'x-client-key': 'polite-multi-0002' })).status).toBe(202);
  });
});
