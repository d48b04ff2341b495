/**
 * `npm run build`: locales, then both browser builds. The bundled list is the committed public/lists/* (built from
 * real upstream copies by the release step `npm run build:bundled-list`, see docs/maintainers.md): no network needed. The default list subscription is pinned
 * at build time: WXT_DEFAULT_LIST_URL / WXT_DEFAULT_LIST_KEYSET / WXT_REPORT_ENDPOINT from the environment for a
 * real deployment; otherwise the demo's (http://lists.test/, the demo keyset in .keys/demo).
 */
import { execSync } from 'node:child_process';
import { DEMO_LIST_URL, DEMO_REPORT_ENDPOINT, ROOT, ensureDemoKeys } from './demo-list';

const env = { ...process.env };
if (!env.WXT_DEFAULT_LIST_KEYSET) {
  env.WXT_DEFAULT_LIST_KEYSET = await ensureDemoKeys();
  env.WXT_DEFAULT_LIST_URL ??= DEMO_LIST_URL;
  env.WXT_REPORT_ENDPOINT ??= DEMO_REPORT_ENDPOINT;
}
for (const cmd of ['tsx scripts/write-locales.ts', 'wxt build', 'wxt build -b firefox --mv3']) {
  execSync(`npx ${cmd}`, { cwd: ROOT, stdio: 'inherit', env });
}
