/** Builds the extension once before the e2e run unless SS_SKIP_BUILD=1 (npm test builds just before). */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT } from './harness/browsers';

export default function setup(): void {
  const built = existsSync(`${CHROME_BUILD}/manifest.json`) && existsSync(`${FIREFOX_BUILD}/manifest.json`);
  if (process.env.SS_SKIP_BUILD === '1' && built) return;
  execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });
}
