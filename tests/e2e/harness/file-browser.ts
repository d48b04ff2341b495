/**
 * One browser per test file, on a private copy of the extension build (another `npm run build` during the run must
 * not swap files under the browser), with the file's own local site server: started before the file's tests,
 * closed after them. `assign` hands both to the file's variables (they are used everywhere in a test file).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CHROME_BUILD, FIREFOX_BUILD, launchChromium, launchFirefox, type ChromiumSession, type FirefoxSession } from './browsers';
import { SiteServer } from './site-server';

/** A copy of `build` in a fresh temporary folder named `<prefix>…/<folder name of build>`. */
export function privateBuild(build: string, prefix: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), prefix)), build.split('/').filter(Boolean).pop() ?? 'build');
  cpSync(build, dir, { recursive: true });
  return dir;
}

function fileBrowser<S extends { close(): Promise<void> }>(build: string, prefix: string, launch: (proxyUrl: string, extensionDir: string) => Promise<S>, assign: (server: SiteServer, session: S) => void): string {
  const extensionDir = privateBuild(build, prefix);
  let server: SiteServer | undefined;
  let session: S | undefined;
  beforeAll(async () => {
    server = await new SiteServer().start();
    session = await launch(server.proxyUrl, extensionDir);
    assign(server, session);
  });
  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });
  return extensionDir;
}

/** Chromium (English UI) for this file's tests; returns the private build's folder. */
export function useChromium(prefix: string, assign: (server: SiteServer, session: ChromiumSession) => void): string {
  return fileBrowser(CHROME_BUILD, prefix, (proxyUrl, extensionDir) => launchChromium({ proxyUrl, lang: 'en', extensionDir }), assign);
}

/** Firefox for this file's tests; returns the private build's folder. */
export function useFirefox(prefix: string, assign: (server: SiteServer, session: FirefoxSession) => void): string {
  return fileBrowser(FIREFOX_BUILD, prefix, (proxyUrl, extensionDir) => launchFirefox({ proxyUrl, extensionDir }), assign);
}

/**
 * A private copy of the Firefox build that may fetch the demo feed over plain http. Firefox's default MV3 extension
 * CSP has `upgrade-insecure-requests`: the worker's fetch of http://lists.test/ (plain http because the test proxy
 * carries no TLS) is upgraded to https and fails; real feeds are https. The copy's manifest states the same CSP
 * without the upgrade; nothing else differs.
 */
export function firefoxBuildForHttpFeed(prefix: string): string {
  const dir = privateBuild(FIREFOX_BUILD, prefix);
  const manifestFile = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  if (manifest['content_security_policy'] !== undefined) throw new Error('the build states its own CSP now: revisit firefoxBuildForHttpFeed');
  manifest['content_security_policy'] = { extension_pages: "script-src 'self'" };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return dir;
}
