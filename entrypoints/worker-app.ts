// The Chromium worker's second script (src/background/worker-boot.ts loads it with importScripts): everything
// start() wires. Firefox's background runs start() from background.js itself.
import { start } from '../src/background/start';
import { WAKE_GLOBAL, type WorkerWake } from '../src/background/worker-wake';

export default defineUnlistedScript({
  include: ['chrome'],
  main() {
    const wake = (globalThis as Record<string, unknown>)[WAKE_GLOBAL] as WorkerWake | undefined;
    if (!wake) throw new Error('worker-app.js runs only inside the worker, after background.js');
    wake.started(start({ wakeRows: wake.wakeRows, ...(wake.publicSuffixes ? { publicSuffixes: wake.publicSuffixes } : {}) }));
  },
});
