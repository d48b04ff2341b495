/**
 * `npm test`: the whole suite — typecheck, lint (ESLint + web-ext lint of the Firefox build), unit tests, then the
 * end-to-end tests in real Chromium and Firefox. Ends with one plain line `N passed, N failed` summed from the
 * vitest JSON reports (CI reads it). Stops at the first failing stage but still prints the summary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensureBrowsers } from './ensure-browsers';
import { ensurePostgres } from './ensure-postgres';

const REPORTS = '.output/test-reports';
mkdirSync(REPORTS, { recursive: true });

function run(title: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) console.error(`✖ ${title} failed (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

function counts(file: string): { passed: number; failed: number } {
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests?: number; numFailedTests?: number };
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
}

ensureBrowsers(['chromium', 'firefox-esr']);
ensurePostgres();
const vitest = (project: string) => [
  'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/${project}.json`,
];
let stagesFailed = 0;
const stages: [string, string, string[], Record<string, string>?][] = [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['eslint', 'npx', ['eslint', '.']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['web-ext lint', 'npm', ['run', '--silent', 'lint:firefox']],
  ['unit tests', 'npx', vitest('unit')],
  ['end-to-end tests', 'npx', vitest('e2e'), { SS_SKIP_BUILD: '1' }],
];
for (const [title, cmd, args, env] of stages) {
  if (!run(title, cmd, args, env)) {
    stagesFailed++;
    if (!title.includes('tests')) break;
  }
}
const unit = counts(`${REPORTS}/unit.json`);
const e2e = counts(`${REPORTS}/e2e.json`);
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed + (stagesFailed && unit.failed + e2e.failed === 0 ? stagesFailed : 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(stagesFailed ? 1 : 0);
