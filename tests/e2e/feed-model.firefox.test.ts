/**
 * The signed feed model end to end in Firefox: see harness/feed-model-story.ts. The build is a copy that may fetch
 * the demo feed over plain http (harness/file-browser.ts firefoxBuildForHttpFeed: Firefox upgrades the worker's
 * http fetches otherwise; real feeds are https).
 */
import { describeFeedModelStory } from './harness/feed-model-story';
import { launchFirefox } from './harness/browsers';
import { firefoxBuildForHttpFeed } from './harness/file-browser';

const extensionDir = firefoxBuildForHttpFeed('ss-feed-model-ff-');

describeFeedModelStory('firefox', async (proxyUrl) => {
  const s = await launchFirefox({ proxyUrl, extensionDir });
  return { kind: 'firefox', browser: s.browser, extUrl: s.extUrl, close: s.close };
});
