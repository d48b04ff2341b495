/**
 * `npm test` runs the intake suite against SQLite and PostgreSQL. Without SS_PG_URL: as root, installs Debian's
 * `postgresql` with apt when missing and starts it with .ci/start-postgres (which prints the URL); otherwise says
 * what to run and leaves SS_PG_URL unset (the PostgreSQL half of the suite then reports itself as not run).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function ensurePostgres(): string | null {
  if (process.env.SS_PG_URL) return process.env.SS_PG_URL;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error('\nPostgreSQL for the intake tests: run `sudo bash .ci/start-postgres` (after `sudo apt-get install -y postgresql`)\n' +
      'and set SS_PG_URL to the URL it prints; without it the PostgreSQL tests of the intake suite fail.\n');
    return null;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!existsSync('/usr/bin/pg_lsclusters')) {
    console.log('Installing postgresql with apt (for the intake tests)…');
    for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'postgresql']]) {
      if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
        console.error('apt-get install postgresql failed: the PostgreSQL half of the intake suite will fail.');
        return null;
      }
    }
  }
  const r = spawnSync('bash', ['.ci/start-postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = r.status === 0 ? r.stdout.trim() : '';
  if (!url) {
    console.error('.ci/start-postgres failed: the PostgreSQL half of the intake suite will fail.');
    return null;
  }
  process.env.SS_PG_URL = url;
  return url;
}
