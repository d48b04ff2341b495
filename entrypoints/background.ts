// First import on purpose: the wake's IndexedDB read starts while the rest of the worker script evaluates.
import { wakeRows } from '../src/background/wake-prefetch';
import { start } from '../src/background/start';

export default defineBackground({
  main() {
    start({ wakeRows });
  },
});
