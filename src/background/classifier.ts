/**
 * The page / text classifier for the service worker, with its model loaded on first use instead of compiled into
 * the worker script. The model (src/core/classify/model.json, ~490 KB) was the largest part of background.js: every
 * worker wake parsed and evaluated it before its first verdict, although a wake caused by a navigation or a list
 * lookup never classifies anything. Here the build ships it as a separate file (Vite `?url` asset), fetched and
 * validated (parseModel) once, when the first page check needs it, or right after the wake's first verdict
 * (`preload`). The classification itself is core's (analyze), with the same bounds and never-throw contract as
 * core/classify's classifyPage / classifyText; only the default-model import is left out.
 */
import { browser } from 'wxt/browser';
import { textFeatures, type PageFeatures } from '../core/classify/features';
import { parseModel, type Model } from '../core/classify/model';
import { analyze } from '../core/classify/score';
import { BUNDLED_MODEL_RELEASE } from '../core/classify/bundled-release';
import { NO_VERDICT, type Verdict } from '../core/types';
import modelUrl from '../core/classify/model.json?url';

/** Same bound as core/classify MAX_CLASSIFY_TEXT_CHARS. */
const MAX_TEXT_CHARS = 20_000;

let model: Model | null = null;
let loading: Promise<void> | null = null;
/** A newer verified model that arrived signed through the list feed (sync/model-sync.ts); preferred when set. */
let feedModel: Model | null = null;

/** Classify with `m` from now on when it is newer than the bundled model and any feed model seen before. */
export function useFeedModel(m: Model): void {
  if (m.release > BUNDLED_MODEL_RELEASE && (!feedModel || m.release > feedModel.release)) feedModel = m;
}

function current(): Model | null {
  return feedModel ?? model;
}

/** The model classifying right now (null until loaded: await classifierReady first). */
export function modelInUse(): { readonly source: 'bundled' | 'feed'; readonly version: string; readonly release: number } | null {
  const m = current();
  return m ? { source: m === feedModel ? 'feed' : 'bundled', version: m.version, release: m.release } : null;
}

/** Reads the stored feed model (newer than the bundled one) or null; set once at worker start. */
let storedModel: (() => Promise<Model | null>) | null = null;

/** Where load() looks first: a stored feed model is read on first use, like the bundled one, never on a wake. */
export function setStoredModelLoader(read: () => Promise<Model | null>): void {
  storedModel = read;
}

async function load(): Promise<void> {
  const stored = storedModel ? await storedModel() : null;
  if (stored) {
    useFeedModel(stored);
    if (feedModel) return; // the bundled model is not needed while a newer one is in use
  }
  const res = await fetch(browser.runtime.getURL(modelUrl as '/'));
  if (!res.ok) throw new Error(`classifier model: HTTP ${res.status}`);
  const parsed = parseModel(await res.json());
  if (!parsed.ok) throw new Error(`bundled classifier model is invalid: ${parsed.message}`);
  model = parsed.value;
}

/** Resolves once the model is loaded (a failed load is retried by the next call). */
export function classifierReady(): Promise<void> {
  if (current()) return Promise.resolve();
  loading ??= load().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** Classify an extracted page; NO_VERDICT until the model is loaded (callers await classifierReady) or on an error. */
export function classifyPage(features: PageFeatures): Verdict {
  const m = current();
  if (!m) return NO_VERDICT;
  try {
    return analyze(features, m, 'page').verdict;
  } catch {
    return NO_VERDICT;
  }
}

/** Classify a bare string (ad text, post). Never throws. */
export function classifyText(text: string): Verdict {
  const m = current();
  if (!m) return NO_VERDICT;
  try {
    return analyze(textFeatures(String(text).slice(0, MAX_TEXT_CHARS)), m, 'text').verdict;
  } catch {
    return NO_VERDICT;
  }
}
