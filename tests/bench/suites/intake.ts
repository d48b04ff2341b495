/**
 * Report intake under load, loopback only. The server runs as `intake` in a child process (its own event loop
 * and SQLite connection, as deployed); this process drives it with keep-alive connections and a bounded number
 * of requests in flight, and checks afterwards that the database holds exactly the accepted reports.
 *
 * Rate limiting stays on: every request carries one of 4096 client keys (≈5 reports per key, under the default
 * per-key burst of 10), and only the per-address bucket is raised, because all traffic comes from 127.0.0.1.
 *
 * Scenarios: `typical` (≈0.6 KB report: comment, 3 reasons), `screenshot` (64 KiB PNG evidence).
 * Env: INTAKE_BENCH_N (default 20000), INTAKE_BENCH_CONCURRENCY (32), INTAKE_BENCH_MAX_S (10).
 * Metrics: intake_reports_per_s, intake_p50_ms, intake_p99_ms, intake_screenshot_reports_per_s, intake_screenshot_p99_ms,
 * intake_server_cpu_ms_per_report (the server process's user+system CPU per accepted report, from /proc: a figure
 * that, unlike wall-clock throughput, does not depend much on what else the machine is running).
 */
import { execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { percentiles, recordMetrics } from '../lib/results';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const N = Number(process.env['INTAKE_BENCH_N'] ?? 20_000);
const CONCURRENCY = Number(process.env['INTAKE_BENCH_CONCURRENCY'] ?? 32);
const MAX_MS = Number(process.env['INTAKE_BENCH_MAX_S'] ?? 10) * 1000;
const CLIENT_KEYS = 4096;
const CATEGORIES = ['task-rebate', 'investment', 'fake-shop', 'fake-service', 'credit-repair', 'phishing'];

// seeded PRNG (mulberry32) so every run sends the same mix
let seed = 0x9e3779b9;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const PNG_64K = (() => {
  const b = Buffer.alloc(64 * 1024, 0x42);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return `data:image/png;base64,${b.toString('base64')}`;
})();

function reportBody(i: number, screenshot: boolean): string {
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
      ...(screenshot ? { screenshot: PNG_64K } : {}),
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

/** User + system CPU ms of a process (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

async function startServer(db: string): Promise<{ url: string; cpuMs: () => number; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/maintainer/intake/main.ts', 'intake', '--port', '0', '--db', db, '--quiet', '--ip-rate-per-min', '1000000000', '--ip-burst', '1000000'],
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
    cpuMs: () => cpuMs(child.pid),
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

interface RunResult {
  readonly sent: number;
  readonly accepted: number;
  readonly otherStatus: Record<number, number>;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly bytesSent: number;
}

function post(agent: Agent, base: string, body: string, clientKey: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(
      `${base}/v1/reports`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-client-key': clientKey } },
      (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

async function drive(base: string, total: number, screenshot: boolean, concurrency: number): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  const otherStatus: Record<number, number> = {};
  let next = 0;
  let accepted = 0;
  let bytesSent = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < total && performance.now() - started < MAX_MS) {
      const i = next++;
      const body = reportBody(i, screenshot);
      bytesSent += Buffer.byteLength(body);
      const t0 = performance.now();
      const status = await post(agent, base, body, `bench-client-${(i % CLIENT_KEYS).toString(36).padStart(4, '0')}`);
      latenciesMs.push(performance.now() - t0);
      if (status === 202) accepted++;
      else otherStatus[status] = (otherStatus[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { sent: latenciesMs.length, accepted, otherStatus, seconds, latenciesMs, bytesSent };
}

function summary(name: string, r: RunResult): { perS: number; p50: number; p99: number } {
  const p = percentiles(r.latenciesMs);
  const perS = r.accepted / r.seconds;
  console.log(
    `${name.padEnd(11)} ${String(r.sent).padStart(6)} sent  ${String(r.accepted).padStart(6)} accepted  ${r.seconds.toFixed(2)} s  ` +
      `${perS.toFixed(0).padStart(6)} reports/s  p50 ${p.p50.toFixed(2)} ms  p99 ${p.p99.toFixed(2)} ms  max ${p.max.toFixed(1)} ms  ` +
      `${(r.bytesSent / r.seconds / 1e6).toFixed(1)} MB/s in` +
      (Object.keys(r.otherStatus).length > 0 ? `  other: ${JSON.stringify(r.otherStatus)}` : ''),
  );
  return { perS, p50: p.p50, p99: p.p99 };
}

const dir = mkdtempSync(join(tmpdir(), 'intake-bench-'));
const db = join(dir, 'intake.sqlite');
const server = await startServer(db);
try {
  console.log(`intake bench: server ${server.url} (child process), ${CONCURRENCY} in flight, up to ${N} reports or ${MAX_MS / 1000} s`);
  await drive(server.url, 500, false, CONCURRENCY); // warm-up (JIT, SQLite page cache), not measured
  const cpu0 = server.cpuMs();
  const typicalRun = await drive(server.url, N, false, CONCURRENCY);
  const cpuPerReport = (server.cpuMs() - cpu0) / typicalRun.accepted;
  const typical = summary('typical', typicalRun);
  console.log(`server CPU ${cpuPerReport.toFixed(3)} ms per typical report (≈ ${(1000 / cpuPerReport).toFixed(0)} reports/s per fully used core); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const shotRun = await drive(server.url, Math.max(200, Math.floor(N / 10)), true, Math.min(CONCURRENCY, 8));
  const shot = summary('screenshot', shotRun);

  const check = new Database(db, { readonly: true });
  const rows = (check.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
  check.close();
  console.log(`database rows: ${rows} (expected every accepted report, warm-up included)`);

  recordMetrics({
    intake_reports_per_s: Math.round(typical.perS),
    intake_p50_ms: Number(typical.p50.toFixed(2)),
    intake_p99_ms: Number(typical.p99.toFixed(2)),
    intake_screenshot_reports_per_s: Math.round(shot.perS),
    intake_screenshot_p99_ms: Number(shot.p99.toFixed(2)),
    intake_server_cpu_ms_per_report: Number(cpuPerReport.toFixed(3)),
  });
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
