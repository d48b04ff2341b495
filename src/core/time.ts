/** Time arithmetic shared by the worker and the UI (pure). */
export const DAY_MS = 86_400_000;

/** Whole days from `issuedAt` to `now` (epoch ms), never negative. */
export function ageInDays(issuedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - issuedAt) / DAY_MS));
}
