/** The signed feed model end to end in Firefox: see harness/feed-model-story.ts. */
import { describeFeedModelStory } from './harness/feed-model-story';
import { launchFirefox } from './harness/browsers';

describeFeedModelStory('firefox', async (proxyUrl) => {
  const s = await launchFirefox({ proxyUrl });
  return { kind: 'firefox', browser: s.browser, extUrl: s.extUrl, close: s.close };
});
