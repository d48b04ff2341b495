/** What the Chromium worker's two scripts share (worker-boot.ts → worker-app.js); no imports with side effects. */
import type { Background } from './start';
import type { WakeRows } from './wake-read';

/** The rest of the worker, built from entrypoints/worker-app.ts (Chromium only). */
export const WORKER_APP_SCRIPT = '/worker-app.js';

/** The global through which background.js hands its wake to worker-app.js. */
export const WAKE_GLOBAL = '__scamsentinelWake';

export interface WorkerWake {
  readonly wakeRows: Promise<WakeRows | null>;
  /** start()'s result: its listeners take the held events and every later one. */
  readonly started: (bg: Background) => void;
}
