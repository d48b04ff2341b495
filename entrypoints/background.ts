import { start } from '../src/background/start';

export default defineBackground({
  type: 'module',
  main() {
    start();
  },
});
