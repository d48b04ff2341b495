/**
 * content-ui.js: the part of the content script loaded on demand (see ui-api.ts) — feature extraction, payment-step
 * detection, badges, the overlay, the caution banner and the link confirmation.
 */
import type { PageFeatures } from '../../core/classify/features';
import { extractFeaturesSliced } from '../../dom/extract';
import { showBanner } from './banner';
import { measureSince, milestone } from '../debug';
import { confirmLink } from './link-confirm';
import { leaveSite } from './leave';
import { markElement } from './marks';
import { isOverlayOpen, showOverlay } from './overlay';
import { isPaymentEnter, isPaymentSubmit, paymentClickTarget } from '../../dom/payment-step';
import { CONTENT_SLICE_BUDGET_MS, now, yieldToPage } from '../schedule';
import { registerUi } from '../ui-api';

async function extract(url: string, signal: AbortSignal, full = false): Promise<PageFeatures> {
  let sliceStart = now();
  const features = await extractFeaturesSliced(document, {
    url,
    limits: { closedShadowRoots: full ? 'all' : 'custom', textOrder: full ? 'visual' : 'document' },
    sliceBudgetMs: CONTENT_SLICE_BUDGET_MS,
    signal,
    now,
    yieldFn: async () => {
      measureSince('extract', sliceStart);
      await yieldToPage();
      sliceStart = now();
    },
  });
  measureSince('extract', sliceStart);
  return features;
}

export function installContentUi(): void {
  registerUi({
    extract,
    mark: markElement,
    showOverlay,
    isOverlayOpen,
    showBanner,
    confirmLink,
    leaveSite,
    paymentClickTarget,
    isPaymentSubmit,
    isPaymentEnter,
  });
  milestone('ui-loaded');
}
