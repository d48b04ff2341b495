/**
 * The signed feed model end to end in Firefox: see harness/feed-model-story.ts.
 *
 * Firefox's default MV3 extension CSP has `upgrade-insecure-requests`: the worker's fetch of the demo feed
 * (http://lists.test/, plain http because the test proxy carries no TLS) is upgraded to https and fails. Real feeds
 * are https. This test therefore runs a copy of the build whose manifest states the same CSP without the upgrade;
 * nothing else differs.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFeedModelStory } from './harness/feed-model-story';
import { FIREFOX_BUILD, launchFirefox } from './harness/browsers';

const extensionDir = join(mkdtempSync(join(tmpdir(), 'ss-feed-model-ff-')), 'firefox-mv3');
cpSync(FIREFOX_BUILD, extensionDir, { recursive: true });
const manifestFile = join(extensionDir, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
if (manifest['content_security_policy'] !== undefined) throw new Error('the build states its own CSP now: revisit this test');
manifest['content_security_policy'] = { extension_pages: "script-src 'self'" };
writeFileSync(manifestFile, JSON.stringify(manifest));

describeFeedModelStory('firefox', async (proxyUrl) => {
  const s = await launchFirefox({ proxyUrl, extensionDir });
  return { kind: 'firefox', browser: s.browser, extUrl: s.extUrl, close: s.close };
});
