/**
 * `npm run test:soak -- [FILE...] [--runs N] [-t PATTERN]`: runs end-to-end test files N times in a row (each run a
 * fresh vitest process and browser) and reports every run that failed, with the failing tests' names. Builds once
 * first (the runs then use SS_SKIP_BUILD). Without FILE it soaks the hostile-page suites in both browsers:
 *   tests/e2e/inpage.chromium.test.ts  -t "hostile page"     tests/e2e/redteam.*.test.ts
 * Exit code 1 when any run failed. There is no retry anywhere: a flaky test shows up here as a failed run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';

interface Job {
  readonly file: string;
  readonly pattern?: string;
}

function parseArgs(argv: readonly string[]): { jobs: Job[]; runs: number } | string {
  let runs = 20;
  let pattern: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) return '--runs needs a positive whole number';
    } else if (a === '-t') {
      pattern = argv[++i];
      if (!pattern) return '-t needs a test name pattern';
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (!existsSync(a)) return `no such test file: ${a}`;
    else files.push(a);
  }
  if (files.length > 0) return { runs, jobs: files.map((file) => (pattern ? { file, pattern } : { file })) };
  const redteam = readdirSync('tests/e2e').filter((f) => /^redteam\..*\.test\.ts$/.test(f)).map((f) => ({ file: `tests/e2e/${f}` }));
  return { runs, jobs: [{ file: 'tests/e2e/inpage.chromium.test.ts', pattern: 'hostile page' }, ...redteam] };
}

const args = parseArgs(process.argv.slice(2));
if (typeof args === 'string') {
  console.error(`test:soak: ${args}\nusage: npm run test:soak -- [FILE...] [--runs N] [-t PATTERN]`);
  process.exit(2);
}

const OUT = '.output/soak';
mkdirSync(OUT, { recursive: true });
if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) {
  console.error('test:soak: the build failed');
  process.exit(2);
}

interface Report {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: { assertionResults?: { fullName?: string; status?: string; failureMessages?: string[] }[] }[];
}

const failures: string[] = [];
for (const job of args.jobs) {
  let failedRuns = 0;
  for (let run = 1; run <= args.runs; run++) {
    const json = `${OUT}/run.json`;
    const cmd = ['vitest', 'run', '--project', 'e2e', job.file, '--reporter=json', `--outputFile.json=${json}`];
    if (job.pattern) cmd.push('-t', job.pattern);
    const t0 = Date.now();
    const r = spawnSync('npx', cmd, { env: { ...process.env, SS_SKIP_BUILD: '1' }, encoding: 'utf8' });
    const report: Report = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Report) : {};
    const failed = (report.testResults ?? []).flatMap((f) => f.assertionResults ?? []).filter((a) => a.status === 'failed');
    const ok = r.status === 0 && failed.length === 0;
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    console.log(`${job.file}${job.pattern ? ` -t "${job.pattern}"` : ''} run ${run}/${args.runs}: ${ok ? 'passed' : 'FAILED'} (${report.numPassedTests ?? 0} passed, ${report.numFailedTests ?? 0} failed, ${secs} s)`);
    if (!ok) {
      failedRuns++;
      for (const a of failed) {
        const why = (a.failureMessages?.[0] ?? '').split('\n')[0] ?? '';
        failures.push(`${job.file} run ${run}: ${a.fullName ?? '?'} — ${why}`);
        console.log(`    ✖ ${a.fullName ?? '?'} — ${why}`);
      }
      if (failed.length === 0) failures.push(`${job.file} run ${run}: exit ${r.status ?? r.signal} — ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    }
  }
  console.log(`== ${job.file}: ${args.runs - failedRuns}/${args.runs} runs passed`);
}
console.log(failures.length === 0 ? '\nsoak: every run passed' : `\nsoak: ${failures.length} failure(s)\n${failures.join('\n')}`);
process.exit(failures.length === 0 ? 0 : 1);
