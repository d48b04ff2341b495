/**
 * Intake as deployed beyond one machine: 3 intake processes on one PostgreSQL vs 1 process on SQLite, in the same
 * run, loopback only, for a bounded time each. 64 concurrent clients (keep-alive; client i talks to process i % 3),
 * each sending reports back to back; 5% of sends are retries of an earlier report (same idempotency key, sent to
 * another process). Rate limiting stays on (per-key buckets shared in PostgreSQL; 16 384 client keys); only the
 * per-address bucket is raised, since all traffic comes from 127.0.0.1.
 *
 * Afterwards: rows in the database == 202 answers, ids distinct, every retry answered 200 with its original id —
 * "stored exactly once". CPU per report = intake processes' CPU (+ PostgreSQL's server processes, from /proc, when
 * readable) over accepted reports: unlike wall-clock throughput it barely depends on what else the machine runs.
 *
 * Env: SS_PG_URL (an account that may CREATE DATABASE; default postgres://ss:ss@127.0.0.1:5432/postgres),
 * INTAKE_CLUSTER_S (seconds per backend, default 12), INTAKE_CLUSTER_CLIENTS (64), INTAKE_CLUSTER_PROCS (3).
 * Metrics: intake_pg3_reports_per_s, intake_pg3_p50_ms, intake_pg3_p99_ms, intake_pg3_cpu_ms_per_report,
 * intake_sqlite1_reports_per_s, intake_sqlite1_p50_ms, intake_sqlite1_p99_ms, intake_sqlite1_cpu_ms_per_report.
 */
import { execSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { percentiles, recordMetrics } from '../lib/results';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SECONDS = Number(process.env['INTAKE_CLUSTER_S'] ?? 12);
const CLIENTS = Number(process.env['INTAKE_CLUSTER_CLIENTS'] ?? 64);
const PROCS = Number(process.env['INTAKE_CLUSTER_PROCS'] ?? 3);
const PG_ENV = process.env['SS_PG_URL'] ?? '';
const PG_ADMIN = PG_ENV !== '' ? PG_ENV : 'postgres://ss:ss@127.0.0.1:5432/postgres';
const CLIENT_KEYS = 16_384;
const MAX_REQUESTS = 2_000_000; // hard bound besides the clock
const CATEGORIES = ['task-rebate', 'investment', 'fake-shop', 'fake-service', 'credit-repair', 'phishing'];

let seed = 0x2545f491;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function reportBody(i: number): string {
  const site = `scam-${Math.floor(rand() * 5000).toString(36)}.example`;
  return JSON.stringify({
    idempotencyKey: randomUUID(),
    kind: rand() < 0.9 ? 'scam' : 'false-positive',
    url: `https://www.${site}/order/${i.toString(36)}`,
    category: CATEGORIES[i % CATEGORIES.length],
    comment: '客服让我下载会议软件共享屏幕，说可以退款 — asked me to share my screen for a refund',
    paid: rand() < 0.2,
    evidence: {
      reasons: [
        { signal: 'page:phrase', evidence: '刷单 返利 佣金', weight: 0.4 },
        { signal: 'url:brand-embedded', evidence: 'taobao', weight: 0.3 },
        { signal: 'list:match', evidence: `${site}/` },
      ],
    },
    clientVersion: '0.1.0',
    locale: i % 3 === 0 ? 'en' : i % 3 === 1 ? 'zh-CN' : 'zh-TW',
  });
}

const CLK_TCK = (() => {
  try {
    return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** CPU of every `postgres` process on the machine (the server is local: loopback). Other sessions' use counts too. */
function postgresCpuMs(): number {
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') total += cpuMsOf(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

interface Server {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

async function startServer(db: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/maintainer/intake/main.ts', 'intake', '--port', '0', '--db', db, '--quiet', '--ip-rate-per-min', '1000000000', '--ip-burst', '1000000',
      // One load generator = one peer address: the default cap of 50 connections per address would reset the
      // 65 keep-alive sockets of the single-process run (the bench died with "socket hang up").
      '--max-per-address', '10000'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1] !== undefined) ok(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`intake exited early (${String(code)}): ${out}`)));
  });
  return {
    url,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

function post(agent: Agent, base: string, body: string, clientKey: string): Promise<{ status: number; id: string }> {
  return new Promise((ok, fail) => {
    const req = request(
      `${base}/v1/reports`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-client-key': clientKey } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let id = '';
          try {
            id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: string }).id ?? '';
          } catch {
            // error bodies
          }
          ok({ status: res.statusCode ?? 0, id });
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

interface RunResult {
  readonly sent: number;
  readonly created: Map<string, string>; // idempotency key → id (202)
  readonly retries: number;
  readonly retryMismatch: number;
  readonly other: Record<number, number>;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

async function drive(urls: readonly string[], ms: number, keyPrefix: string): Promise<RunResult> {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: Math.ceil(CLIENTS / urls.length) + 1 }));
  const created = new Map<string, string>();
  const sentBodies: { key: string; body: string; client: string }[] = [];
  const latenciesMs: number[] = [];
  const other: Record<number, number> = {};
  let retries = 0;
  let retryMismatch = 0;
  let next = 0;
  const started = performance.now();
  async function client(c: number): Promise<void> {
    const home = c % urls.length;
    while (next < MAX_REQUESTS && performance.now() - started < ms) {
      const i = next++;
      let body: string;
      let key: string;
      let clientKey: string;
      let target = home;
      const retry = sentBodies.length > 0 && rand() < 0.05;
      if (retry) {
        const prev = sentBodies[Math.floor(rand() * sentBodies.length)];
        if (prev === undefined) continue;
        ({ body, key } = prev);
        clientKey = prev.client;
        target = (home + 1) % urls.length; // the retry lands on another process
      } else {
        body = reportBody(i);
        key = (JSON.parse(body) as { idempotencyKey: string }).idempotencyKey;
        clientKey = `${keyPrefix}-${(i % CLIENT_KEYS).toString(36).padStart(4, '0')}`;
      }
      const t0 = performance.now();
      // A connection error (reset, refused) is counted under status 0 and printed with the figures, not a crash.
      const r = await post(agents[target] ?? new Agent(), urls[target] ?? '', body, clientKey).catch(() => ({ status: 0, id: '' }));
      latenciesMs.push(performance.now() - t0);
      if (r.status === 202 && !retry) {
        created.set(key, r.id);
        if (sentBodies.length < 10_000) sentBodies.push({ key, body, client: clientKey });
      } else if (r.status === 200 && retry) {
        retries++;
        if (created.get(key) !== r.id) retryMismatch++;
      } else other[r.status] = (other[r.status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const seconds = (performance.now() - started) / 1000;
  for (const a of agents) a.destroy();
  return { sent: latenciesMs.length, created, retries, retryMismatch, other, seconds, latenciesMs };
}

interface Figures {
  perS: number;
  p50: number;
  p99: number;
  cpuPerReport: number;
  exactlyOnce: boolean;
}

async function measure(name: string, urls: readonly string[], pids: readonly number[], countRows: () => Promise<{ rows: number; distinctKeys: number }>, withPostgres: boolean): Promise<Figures> {
  await drive(urls, 2000, `${name}-warm`); // warm-up (JIT, caches, pools), not measured
  const before = await countRows();
  const cpu0 = pids.reduce((s, p) => s + cpuMsOf(p), 0);
  const pg0 = withPostgres ? postgresCpuMs() : 0;
  const r = await drive(urls, SECONDS * 1000, name);
  const intakeCpu = pids.reduce((s, p) => s + cpuMsOf(p), 0) - cpu0;
  const pgCpu = withPostgres ? postgresCpuMs() - pg0 : 0;
  const after = await countRows();
  const accepted = r.created.size;
  const ids = new Set(r.created.values());
  const rowsAdded = after.rows - before.rows;
  const exactlyOnce = rowsAdded === accepted && ids.size === accepted && r.retryMismatch === 0 && after.rows === after.distinctKeys;
  const p = percentiles(r.latenciesMs);
  const perS = accepted / r.seconds;
  const cpuPerReport = (intakeCpu + pgCpu) / accepted;
  console.log(
    `${name.padEnd(12)} ${String(r.sent).padStart(6)} sent  ${String(accepted).padStart(6)} accepted (202)  ${String(r.retries).padStart(5)} retries → 200 same id  ` +
      `${r.seconds.toFixed(1)} s  ${perS.toFixed(0).padStart(5)} reports/s  p50 ${p.p50.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms  max ${p.max.toFixed(0)} ms` +
      (Object.keys(r.other).length > 0 ? `  other: ${JSON.stringify(r.other)}` : ''),
  );
  console.log(
    `${''.padEnd(12)} rows added ${rowsAdded} vs 202 answers ${accepted}, distinct ids ${ids.size}, retry id mismatches ${r.retryMismatch}, ` +
      `rows ${after.rows} / distinct idempotency keys ${after.distinctKeys} → stored exactly once: ${exactlyOnce ? 'YES' : 'NO'}`,
  );
  console.log(
    `${''.padEnd(12)} CPU per accepted report: intake ${(intakeCpu / accepted).toFixed(3)} ms` +
      (withPostgres ? ` + postgres ${(pgCpu / accepted).toFixed(3)} ms` : '') +
      ` = ${cpuPerReport.toFixed(3)} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  return { perS, p50: p.p50, p99: p.p99, cpuPerReport, exactlyOnce };
}

// --- SQLite, one process -------------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'intake-cluster-'));
const file = join(dir, 'intake.sqlite');
let sqlite: Figures;
{
  const s = await startServer(file);
  try {
    console.log(`intake-cluster: ${CLIENTS} clients, ${SECONDS} s per backend, 5% retries to another process`);
    sqlite = await measure(
      'sqlite-1',
      [s.url],
      [s.pid],
      () => {
        const db = new Database(file, { readonly: true });
        try {
          const r = db.prepare('SELECT COUNT(*) AS rows, COUNT(DISTINCT idempotency_key) AS keys FROM reports').get() as { rows: number; keys: number };
          return Promise.resolve({ rows: r.rows, distinctKeys: r.keys });
        } finally {
          db.close();
        }
      },
      false,
    );
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- PostgreSQL, PROCS processes -----------------------------------------------------------------------------
const dbName = `ss_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
const adminClient = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 5000 });
try {
  await adminClient.connect();
} catch (e: unknown) {
  console.error(`PostgreSQL not reachable (${e instanceof Error ? e.message : String(e)}): start it (bash .ci/start-postgres) or set SS_PG_URL`);
  process.exit(1);
}
await adminClient.query(`CREATE DATABASE ${dbName}`);
const u = new URL(PG_ADMIN);
u.pathname = `/${dbName}`;
const pgUrl = u.toString();
let pg3: Figures;
const servers: Server[] = [];
const pool = new pg.Pool({ connectionString: pgUrl, max: 1 });
pool.on('error', () => undefined); // DROP … WITH (FORCE) ends its idle connection
try {
  // start one first (it migrates), then the others
  servers.push(await startServer(pgUrl));
  servers.push(...(await Promise.all(Array.from({ length: PROCS - 1 }, () => startServer(pgUrl)))));
  pg3 = await measure(
    `postgres-${PROCS}`,
    servers.map((s) => s.url),
    servers.map((s) => s.pid),
    async () => {
      const r = await pool.query<{ rows: number; keys: number }>('SELECT COUNT(*)::int AS rows, COUNT(DISTINCT idempotency_key)::int AS keys FROM reports');
      return { rows: r.rows[0]?.rows ?? -1, distinctKeys: r.rows[0]?.keys ?? -2 };
    },
    true,
  );
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await pool.end();
  await adminClient.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await adminClient.end();
}

recordMetrics({
  intake_pg3_reports_per_s: Math.round(pg3.perS),
  intake_pg3_p50_ms: Number(pg3.p50.toFixed(1)),
  intake_pg3_p99_ms: Number(pg3.p99.toFixed(1)),
  intake_pg3_cpu_ms_per_report: Number(pg3.cpuPerReport.toFixed(3)),
  intake_sqlite1_reports_per_s: Math.round(sqlite.perS),
  intake_sqlite1_p50_ms: Number(sqlite.p50.toFixed(1)),
  intake_sqlite1_p99_ms: Number(sqlite.p99.toFixed(1)),
  intake_sqlite1_cpu_ms_per_report: Number(sqlite.cpuPerReport.toFixed(3)),
});
if (!sqlite.exactlyOnce || !pg3.exactlyOnce) {
  console.error('FAILED: a backend did not store every accepted report exactly once');
  process.exit(1);
}
