/**
 * Main-thread accounting for the benchmark (tests/bench/suites/inpage.ts). Every synchronous piece of
 * content-script work runs inside `task(name, fn)`; the total and the longest piece are kept in memory, and when the
 * page opts in with `<html data-scamsentinel-debug>` each piece is also written to the page's performance timeline
 * as a `scamsentinel:<name>` measure (the timeline is shared between the page and the content script's world).
 * Cost when off: two performance.now() calls per task.
 */
import { now } from './schedule';

export const DEBUG_ATTR = 'data-scamsentinel-debug';

let debugOn: boolean | null = null;

function isDebug(): boolean {
  if (debugOn === null) {
    const root = document.documentElement;
    if (!root) return false; // not parsed yet: ask again later
    debugOn = root.hasAttribute(DEBUG_ATTR);
  }
  return debugOn;
}

export function task<T>(name: string, fn: () => T): T {
  const t0 = now();
  try {
    return fn();
  } finally {
    if (isDebug()) {
      try {
        performance.measure(`scamsentinel:${name}`, { start: t0, end: now() });
      } catch {
        // measure() with options is missing in very old engines: skip
      }
    }
  }
}

/** Marks a milestone (e.g. `links-applied`) on the page's timeline when debugging. */
export function milestone(name: string): void {
  if (isDebug()) performance.mark(`scamsentinel:${name}`);
}

/** Records work that ran from `start` until now (for loops that manage their own slices). */
export function measureSince(name: string, start: number): void {
  if (isDebug()) {
    try {
      performance.measure(`scamsentinel:${name}`, { start, end: now() });
    } catch {
      // see task()
    }
  }
}
