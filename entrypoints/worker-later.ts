// The Chromium worker's third script (src/background/later-loader.chromium.ts imports it on first use): the worker's
// second half, handed over through a global. Firefox's background bundles it (src/background/later-loader.ts).
import * as laterModule from '../src/background/later';
import { LATER_GLOBAL } from '../src/background/worker-wake';

export default defineUnlistedScript({
  include: ['chrome'],
  main() {
    (globalThis as Record<string, unknown>)[LATER_GLOBAL] = laterModule;
  },
});
