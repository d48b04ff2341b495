/**
 * Runs every `*.ts` file in a folder (tests/bench/suites or tests/eval) one after another, each in its own
 * Node process (so one suite's heap does not skew the next). `-- name` runs only suites whose file name contains it.
 * Usage: tsx scripts/run-suites.ts <folder> [filter]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const [folder, filter] = process.argv.slice(2);
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
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${f} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
