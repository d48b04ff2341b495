/**
 * When to check a list next — Safe Browsing's update schedule.
 *
 *   success (failures = 0):  now + max(LIST_SYNC_INTERVAL_MIN × (1 + 0.1·rand), minWaitSeconds)
 *   N consecutive failures:  now + max(min(2^(N−1) × 15 min × (1 + rand), 24 h), minWaitSeconds)
 *
 * Worked example (rand = 0.5): 1 failure → 22.5 min, 2 → 45 min, 3 → 90 min, 4 → 3 h, 5 → 6 h, 6 → 12 h,
 * 7 and after → 24 h (the cap). A success resets the counter to 0 (the counter lives in syncState.failures).
 */
export const LIST_SYNC_INTERVAL_MIN = 30;
export const BACKOFF_BASE_MIN = 15;
export const BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;
/** Jitter on the normal interval, so clients that updated together spread out again. */
export const INTERVAL_JITTER = 0.1;
/** First check after a worker start, when none is pending: random in [0, FIRST_CHECK_MAX_DELAY_MS). */
export const FIRST_CHECK_MAX_DELAY_MS = 60 * 1000;

const MIN_MS = 60 * 1000;

export interface NextCheckInput {
  /** Epoch ms. */
  readonly now: number;
  /** Consecutive failures including the one just recorded (0 after a success). */
  readonly failures: number;
  /** A draw in [0, 1). */
  readonly rand: number;
  /** The server's minimum wait (manifest minWaitSeconds), if any. */
  readonly minWaitSeconds?: number;
  readonly intervalMin?: number;
}

/** Delay in ms before the next check (see the header). */
export function checkDelayMs(o: Omit<NextCheckInput, 'now'>): number {
  const rand = Math.min(Math.max(o.rand, 0), 1);
  const delay =
    o.failures <= 0
      ? (o.intervalMin ?? LIST_SYNC_INTERVAL_MIN) * MIN_MS * (1 + INTERVAL_JITTER * rand)
      : Math.min(2 ** Math.min(o.failures - 1, 32) * BACKOFF_BASE_MIN * MIN_MS * (1 + rand), BACKOFF_MAX_MS);
  return Math.round(Math.max(delay, (o.minWaitSeconds ?? 0) * 1000));
}

/** Epoch ms of the next check. */
export function nextCheckAfter(o: NextCheckInput): number {
  return o.now + checkDelayMs(o);
}
