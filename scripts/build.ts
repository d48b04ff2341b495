/**
 * `npm run build`: locales, then both browser builds. The bundled list is the committed public/lists/* (built from
 * real upstream copies by the release step `npm run build:bundled-list`, see docs/maintainers.md): no network needed. The default list subscription is pinned
 * at build time: WXT_DEFAULT_LIST_URL / WXT_DEFAULT_LIST_KEYSET / WXT_REPORT_ENDPOINT from the environment for a
 * real deployment; otherwise the demo's (http://lists.test/, the demo keyset in .keys/demo) — and then the demo's
 * `*.test` entries are added to the builds' bundled list (scripts/demo-bundle.ts) so the demo warns from the first
 * navigation. A real build's bundled list carries real entries only.
 */
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_LIST_URL, DEMO_REPORT_ENDPOINT, ROOT, ensureDemoKeys } from './demo-list';
import { addDemoEntries } from './demo-bundle';

const env = { ...process.env };
const demo = !env.WXT_DEFAULT_LIST_KEYSET;
if (demo) {
  env.WXT_DEFAULT_LIST_KEYSET = await ensureDemoKeys();
  env.WXT_DEFAULT_LIST_URL ??= DEMO_LIST_URL;
  env.WXT_REPORT_ENDPOINT ??= DEMO_REPORT_ENDPOINT;
}
for (const cmd of ['tsx scripts/write-locales.ts', 'wxt build', 'wxt build -b firefox --mv3']) {
  execSync(`npx ${cmd}`, { cwd: ROOT, stdio: 'inherit', env });
}
if (demo) {
  const out = join(ROOT, env.SS_OUT_DIR || '.output');
  const added = await addDemoEntries(ROOT, [join(out, 'chrome-mv3'), join(out, 'firefox-mv3')]);
  console.log(`demo build: ${added} demo entries (*.test) added to the bundled list of ${out}/{chrome-mv3,firefox-mv3}`);
}
