/**
 * Scheduling helpers that keep the content script off the page's critical path: idle callbacks for new work,
 * short slices with a yield between them for long loops (never a long task), and a clock.
 */

/** One synchronous slice of content-script work may take this long before yielding to the page. */
export const CONTENT_SLICE_BUDGET_MS = 4;

type IdleFn = (cb: () => void, opts: { timeout: number }) => number;
interface SchedulerLike {
  yield?: () => Promise<unknown>;
}

export const now = (): number => performance.now();

/** Runs `fn` when the page is idle (or after `timeoutMs` at the latest). */
export function whenIdle(fn: () => void, timeoutMs: number): void {
  const ric = (globalThis as { requestIdleCallback?: IdleFn }).requestIdleCallback;
  if (typeof ric === 'function') ric.call(globalThis, fn, { timeout: timeoutMs });
  else setTimeout(fn, 1);
}

/** Gives the page a turn: scheduler.yield() where it exists (keeps our priority), else a macrotask. */
export function yieldToPage(): Promise<unknown> {
  const sched = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (sched && typeof sched.yield === 'function') return sched.yield();
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** Resolves when the DOM is parsed (immediately when it already is). */
export function domReady(signal: AbortSignal): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true, signal }));
}

/**
 * Resolves once the page has loaded — a task after its `load` event, so that what we start then is not part of the
 * page's load event (its loadEventEnd); immediately when it has loaded — or `maxMs` after this call at the latest (a
 * page whose images never finish still gets checked). The first check waits for it so that nothing of ours competes
 * with the page's own loading: page-load overhead stays the evaluation of content.js alone.
 */
export function pageLoaded(signal: AbortSignal, maxMs: number): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    addEventListener(
      'load',
      () => {
        clearTimeout(timer);
        setTimeout(resolve, 0);
      },
      { once: true, signal },
    );
  });
}

/** A timer that runs `fn` once, `ms` after the last call to `schedule()`. */
export function debounce(fn: () => void, ms: number): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    schedule() {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
