/**
 * Payment intent (issue 8 trigger): does this page ask for money or payment credentials right now?
 * Independent of the scam score: a legit checkout has payment intent too; the overlay needs both.
 */
import type { Reason } from '../types.ts';
import type { PageFeatures } from './features.ts';
import { findCrypto, findIndicators } from './indicators.ts';
import { compileLexicon } from './lexicon.ts';
import type { Model } from './model.ts';
import { matchPhrases } from './matcher.ts';
import { normalizeText } from './normalize.ts';

export interface PaymentIntent {
  readonly present: boolean;
  readonly reasons: readonly Reason[];
}

const PAY_FIELDS = new Set(['card-number', 'card-cvv', 'card-expiry', 'bank-account', 'sms-code', 'amount']);
const PAY_ACTIONS = new Set(['pay', 'recharge', 'invest', 'withdraw']);

export function paymentIntent(f: PageFeatures, model: Model): PaymentIntent {
  const reasons: Reason[] = [];
  for (const field of f.fields) if (PAY_FIELDS.has(field.kind)) reasons.push({ signal: `field:${field.kind}`, evidence: field.evidence });
  const compiled = compileLexicon(model.lexicon);
  for (const label of f.buttons) {
    const actions = new Set(matchPhrases(compiled.buttons, normalizeText(label)).map((h) => h.entry.data));
    for (const a of actions) if (PAY_ACTIONS.has(a)) reasons.push({ signal: `button:${a}`, evidence: `"${label.trim().slice(0, 40)}"` });
  }
  for (const q of f.images.qrNearPay) reasons.push({ signal: 'payment:qr', evidence: q });
  const norm = normalizeText(f.text.slice(0, 30_000));
  for (const c of findCrypto(norm.cased)) reasons.push({ signal: 'crypto:address', evidence: `${c.chain.toUpperCase()} ${c.address}` });
  const bt = findIndicators(norm).bankTransfer;
  if (bt.length >= 2) reasons.push({ signal: 'payment:bank-transfer', evidence: bt.slice(0, 4).join(', ') });
  return { present: reasons.length > 0, reasons: reasons.slice(0, 12) };
}
