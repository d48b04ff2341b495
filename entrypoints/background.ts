// Chromium: src/background/worker-boot.ts (the wake's read + held listeners; the rest in worker-app.js).
// Firefox: worker-boot.firefox.ts (wxt.config.ts swaps the module), the whole worker in this script.
import { boot } from '../src/background/worker-boot';

export default defineBackground({
  main() {
    boot();
  },
});
