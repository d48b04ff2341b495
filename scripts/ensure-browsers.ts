/**
 * Makes sure Debian's chromium (and firefox-esr for tests) are installed: installs them with apt when running as
 * root, otherwise stops with the exact command to run. CHROME_PATH / FIREFOX_PATH override the Debian paths.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const PATHS = {
  chromium: () => process.env.CHROME_PATH ?? '/usr/bin/chromium',
  'firefox-esr': () => process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
  // Chinese text in the demo and the screenshots renders as boxes without a CJK font.
  'fonts-noto-cjk': () => '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
} as const;

export type BrowserPackage = keyof typeof PATHS;

export function ensureBrowsers(packages: readonly BrowserPackage[]): void {
  const missing = packages.filter((p) => !existsSync(PATHS[p]()));
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(`\nMissing browser(s): ${missing.join(', ')}.\nInstall with:\n  sudo apt-get update && sudo ${command}\n` +
      `or point CHROME_PATH / FIREFOX_PATH at an installed browser.\n`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(' ')} with apt (about a minute)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed; run it by hand: ${command}`);
      process.exit(1);
    }
  }
}
