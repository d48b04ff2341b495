/**
 * Feature extraction from a Document (or an Element / shadow root) that the caller passes in — no globals.
 *
 *   extractFeatures(doc, { url })                 synchronous, capped by nodes/text and `totalBudgetMs`
 *   await extractFeaturesSliced(doc, { url })     same result, in ≤ sliceBudgetMs slices; between slices it awaits
 *                                                 `yieldFn` (default: scheduler.yield / setTimeout of doc.defaultView)
 * The content script should use the sliced variant; tests inject `yieldFn` and `now` to make slicing observable.
 */
import type { PageFeatures } from '../core/classify/features.ts';
import * as dom from './safe.ts';
import { EXTRACT_TOTAL_BUDGET_MS } from './extract-caps.ts';
import { DEFAULT_LIMITS, PageWalk, type Clock, type ExtractLimits } from './walk.ts';

/** One slice of extraction may take this long before yielding to the page (the budget is 10 ms; keep slack). */
export const CLASSIFY_SLICE_BUDGET_MS = 6;
/** Sync extraction stops (truncated) after this long. */
export const CLASSIFY_SYNC_BUDGET_MS = 50;
/** Sliced extraction stops (truncated) after this much wall time, yields included. */
export const CLASSIFY_TOTAL_BUDGET_MS = EXTRACT_TOTAL_BUDGET_MS;

export interface ExtractOptions {
  /** The page URL (for the host: phishing needs to know where the brand's form is served). */
  readonly url?: string;
  readonly limits?: Partial<ExtractLimits>;
  /** Hard cap on working time, ms. */
  readonly totalBudgetMs?: number;
  /** Clock in ms (default: performance.now of the document's window, else Date.now). */
  readonly now?: Clock;
}

export interface SlicedExtractOptions extends ExtractOptions {
  readonly sliceBudgetMs?: number;
  /** Awaited between slices. */
  readonly yieldFn?: () => Promise<unknown>;
  /** Called after every slice with its duration in ms (bench / telemetry). */
  readonly onSlice?: (ms: number) => void;
  /** Stops early (returns what was collected, truncated) when aborted. */
  readonly signal?: AbortSignal;
}

type Root = Document | Element | DocumentFragment;

interface ViewLike {
  performance?: { now(): number };
  setTimeout?: (fn: () => void, ms: number) => unknown;
  scheduler?: { yield?: () => Promise<unknown> };
}

function viewOf(root: Root): ViewLike | null {
  const doc = dom.nodeType(root) === 9 ? (root as Document) : dom.ownerDocument(root);
  return (doc?.defaultView as ViewLike | null | undefined) ?? null;
}

function defaultClock(root: Root): Clock {
  const perf = viewOf(root)?.performance ?? (globalThis as ViewLike).performance;
  if (perf && typeof perf.now === 'function') return () => perf.now();
  return () => Date.now();
}

function defaultYield(root: Root): () => Promise<unknown> {
  const view = viewOf(root);
  const sched = view?.scheduler ?? (globalThis as ViewLike).scheduler;
  if (sched && typeof sched.yield === 'function') {
    const y = sched.yield.bind(sched);
    return () => y();
  }
  const st = view?.setTimeout ?? (globalThis as ViewLike).setTimeout;
  if (typeof st === 'function') return () => new Promise<void>((resolve) => st(resolve, 0));
  return () => Promise.resolve();
}

function limitsOf(opts: ExtractOptions): ExtractLimits {
  return { ...DEFAULT_LIMITS, ...opts.limits };
}

function urlOf(opts: ExtractOptions): { url?: string } {
  return opts.url ? { url: opts.url } : {};
}

export function extractFeatures(root: Root, opts: ExtractOptions = {}): PageFeatures {
  return extractFeaturesChecked(root, opts).features;
}

/**
 * extractFeatures, plus whether the walk failed (it threw on a hostile DOM, or the root had no usable document):
 * then the features describe what was read before the failure, not the page — a payment check must not read
 * "no payment fields" from them.
 */
export function extractFeaturesChecked(root: Root, opts: ExtractOptions = {}): { features: PageFeatures; failed: boolean } {
  const now = opts.now ?? defaultClock(root);
  const start = now();
  const walk = new PageWalk(root, limitsOf(opts));
  const done = walk.run(now, start + (opts.totalBudgetMs ?? CLASSIFY_SYNC_BUDGET_MS));
  if (!done) walk.truncated = true;
  const elapsed = now() - start;
  return { features: walk.finish({ ...urlOf(opts), elapsedMs: elapsed, slices: 1 }), failed: walk.failed };
}

export async function extractFeaturesSliced(root: Root, opts: SlicedExtractOptions = {}): Promise<PageFeatures> {
  const now = opts.now ?? defaultClock(root);
  const yieldFn = opts.yieldFn ?? defaultYield(root);
  const slice = opts.sliceBudgetMs ?? CLASSIFY_SLICE_BUDGET_MS;
  const total = opts.totalBudgetMs ?? CLASSIFY_TOTAL_BUDGET_MS;
  const start = now();
  const walk = new PageWalk(root, limitsOf(opts));
  let slices = 0;
  let busy = 0;
  for (;;) {
    const t0 = now();
    const done = walk.run(now, Math.min(t0 + slice, start + total));
    const t1 = now();
    slices++;
    busy += t1 - t0;
    opts.onSlice?.(t1 - t0);
    if (done) break;
    if (t1 - start >= total || opts.signal?.aborted) {
      walk.truncated = true;
      break;
    }
    await yieldFn();
  }
  return walk.finish({ ...urlOf(opts), elapsedMs: busy, slices });
}
