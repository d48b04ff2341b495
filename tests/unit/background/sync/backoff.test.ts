import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, LIST_SYNC_INTERVAL_MIN, checkDelayMs, nextCheckAfter } from '../../../../src/background/sync';

const MIN = 60_000;
const NOW = Date.parse('2026-03-01T00:00:00Z');

describe('nextCheckAfter (Safe Browsing backoff)', () => {
  it.each([
    // failures, rand, expected delay in minutes
    [1, 0, 15],
    [1, 0.999, 15 * 1.999],
    [2, 0, 30],
    [3, 0, 60],
    [4, 0.5, 180],
    [5, 0, 240],
    [6, 0, 480],
    [7, 0, 960],
    [7, 0.5, 1440], // 960 × 1.5 = 1440 = the cap exactly
    [7, 0.9, 1440],
    [8, 0, 1440],
    [30, 0.3, 1440],
    [5000, 0.7, 1440], // no overflow
  ])('%i failure(s), rand %f → %f min', (failures, rand, minutes) => {
    expect(checkDelayMs({ failures, rand })).toBe(Math.round(minutes * MIN));
    expect(nextCheckAfter({ now: NOW, failures, rand })).toBe(NOW + Math.round(minutes * MIN));
  });

  it('success (0 failures) uses the normal interval with ≤ 10 % jitter', () => {
    expect(checkDelayMs({ failures: 0, rand: 0 })).toBe(LIST_SYNC_INTERVAL_MIN * MIN);
    expect(checkDelayMs({ failures: 0, rand: 0.999 })).toBe(Math.round(LIST_SYNC_INTERVAL_MIN * MIN * 1.0999));
    expect(checkDelayMs({ failures: 0, rand: 0, intervalMin: 60 })).toBe(60 * MIN);
  });

  it("the server's minimum wait is a floor, for successes and failures", () => {
    expect(checkDelayMs({ failures: 0, rand: 0, minWaitSeconds: 7200 })).toBe(7200_000);
    expect(checkDelayMs({ failures: 1, rand: 0, minWaitSeconds: 7200 })).toBe(7200_000);
    expect(checkDelayMs({ failures: 8, rand: 0, minWaitSeconds: 60 })).toBe(BACKOFF_MAX_MS);
  });

  it('is monotonic in failures and never exceeds 24 h (property over a grid)', () => {
    for (let r = 0; r < 1; r += 0.05) {
      let prev = 0;
      for (let n = 1; n < 40; n++) {
        const d = checkDelayMs({ failures: n, rand: r });
        expect(d).toBeGreaterThanOrEqual(prev);
        expect(d).toBeLessThanOrEqual(BACKOFF_MAX_MS);
        expect(d).toBeGreaterThanOrEqual(Math.min(2 ** (n - 1) * 15 * MIN, BACKOFF_MAX_MS));
        prev = d;
      }
    }
  });

  it('clamps an out-of-range random draw', () => {
    expect(checkDelayMs({ failures: 1, rand: 7 })).toBe(30 * MIN);
    expect(checkDelayMs({ failures: 1, rand: -1 })).toBe(15 * MIN);
  });
});
