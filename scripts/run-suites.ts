/**
 * Runs every `*.ts` file in a folder (tests/bench/suites or tests/eval) one after another, each in its own
 * Node process (so one suite's heap does not skew the next). `-- name` runs only suites whose file name contains it.
 * For the bench: builds the extension first when a suite needs it and the build is missing or older than the
 * sources, then prints every target with its figure (met / missed) from tests/bench/results/latest.json.
 * Exits non-zero only when a suite failed to run (a missed target is reported, not an error).
 * Usage: tsx scripts/run-suites.ts <folder> [filter] [suite arguments…]  (passed on to each suite run)
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { RESULTS_FILE, type BenchResults } from '../tests/bench/lib/results';
import { formatTable, judge } from '../tests/bench/lib/targets';
import { DEMO_LIST_URL, ROOT } from './demo-list';

const [folder, filter, ...suiteArgs] = process.argv.slice(2);
if (!folder) {
  console.error('usage: run-suites <folder> [filter]');
  process.exit(2);
}
const dir = resolve(folder);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && (!filter || f.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no suites in ${dir}${filter ? ` matching "${filter}"` : ''}`);
  process.exit(2);
}

/** Newest mtime of the files under `path` (0 when absent). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = 0;
  for (const f of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) n = Math.max(n, statSync(join(f.parentPath, f.name)).mtimeMs);
  }
  return n;
}

/** Suites that load the built extension need .output/chrome-mv3 built from these sources with the demo list pinned. */
function ensureBuild(): void {
  const needing = files.filter((f) => /CHROME_BUILD|SS_CHROME_BUILD|\.output\//.test(readFileSync(join(dir, f), 'utf8')));
  if (needing.length === 0) return;
  const out = join(ROOT, '.output/chrome-mv3');
  const bg = join(out, 'background.js');
  const sources = Math.max(...['src', 'entrypoints', 'public', 'wxt.config.ts', 'package-lock.json'].map((p) => newest(join(ROOT, p))));
  const why = !existsSync(bg)
    ? 'no build yet'
    : ![bg, join(out, 'worker-app.js'), join(out, 'worker-later.js')].some((f) => existsSync(f) && readFileSync(f, 'utf8').includes(DEMO_LIST_URL)) // Chromium: the sync code is in worker-later.js
      ? 'the build does not pin the demo list'
      : newest(out) < sources
        ? 'the sources are newer than the build'
        : null;
  if (!why) return;
  console.log(`building the extension for ${needing.join(', ')} (${why}): npm run build`);
  const env = { ...process.env };
  delete env.WXT_DEFAULT_LIST_URL; // the suites publish and serve the demo list: the build must pin it
  delete env.WXT_DEFAULT_LIST_KEYSET;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error('the build failed: the suites that need it cannot run');
    process.exit(1);
  }
}

const isBench = dir.endsWith(join('tests', 'bench', 'suites'));
if (isBench) ensureBuild();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}) ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, f), ...suiteArgs], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    // bench suites exit non-zero only on errors (their targets are judged in the table below); eval suites also exit
    // non-zero when a detection target they check is missed or the model is stale (their output says which)
    console.error(
      isBench
        ? `${f} exited with ${r.status ?? r.signal}: it did not run to the end (an error, not a missed target)`
        : `${f} exited with ${r.status ?? r.signal}: an error, a missed target or a stale model (see its output above)`,
    );
  }
}
if (isBench && existsSync(RESULTS_FILE)) {
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
  const ran = new Set(files.map((f) => f.replace(/\.ts$/, '')));
  const rows = judge(results.metrics).filter((r) => !filter || ran.has(r.target.suite));
  console.log(`\nTargets (tests/bench/results/latest.json, ${String(results.machine.date ?? '')}; figures of suites not run now are older):`);
  console.log(formatTable(rows));
  const missed = rows.filter((r) => r.verdict === 'missed').length;
  console.log(`${rows.filter((r) => r.verdict === 'met').length} met, ${missed} missed, ${rows.filter((r) => r.verdict === 'not measured').length} not measured`);
}
if (failed) console.error(`${failed} suite(s) failed to run`);
process.exit(failed ? 1 : 0);
