/** The signed feed model end to end in Chromium: see harness/feed-model-story.ts. */
import { describeFeedModelStory } from './harness/feed-model-story';
import { launchChromium } from './harness/browsers';

describeFeedModelStory('chromium', async (proxyUrl) => {
  const s = await launchChromium({ proxyUrl, lang: 'en' });
  return { kind: 'chromium', browser: s.browser, extUrl: s.extUrl, close: s.close };
});
