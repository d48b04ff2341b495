/**
 * detectPaymentIntent(root): does this page (or form / container) ask for money or payment credentials?
 * Used by the pre-payment guard (issue 8) together with the page verdict.
 */
import { getDefaultModel } from '../core/classify/index.ts';
import type { Model } from '../core/classify/model.ts';
import { paymentIntent, type PaymentIntent } from '../core/classify/payment-intent.ts';
import { extractFeatures } from './extract.ts';

export const PAYMENT_INTENT_MAX_NODES = 5_000;

export function detectPaymentIntent(root: Document | Element, model: Model = getDefaultModel()): PaymentIntent {
  try {
    const f = extractFeatures(root, { limits: { maxNodes: PAYMENT_INTENT_MAX_NODES, maxTextChars: 10_000 }, totalBudgetMs: 8 });
    return paymentIntent(f, model);
  } catch {
    return { present: false, reasons: [] };
  }
}
