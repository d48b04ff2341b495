/**
 * Typed signals: why a verdict was reached, as data. Every producer (list lookup, URL risk, page model, indicator
 * lists) emits one variant of `Signal`, discriminated by its stable id `signal`; every consumer reads fields —
 * nothing downstream parses a sentence. Text is made at the edge: the extension's UI renders each variant from its
 * locale tables (src/ui/signal-text.ts), and `describeSignal` below gives the plain English line maintainers see
 * (reports, CLIs, eval).
 *
 * Worked example — a 刷单 recharge page on a look-alike host:
 *   { signal: 'url:homoglyph', brand: 'Taobao 淘宝', domain: 'taobao.com', written: 'tao6ao', word: 'taobao',
 *     swaps: [{ written: '6', plain: 'b', script: 'digit' }], weight: 0.8 }
 *   { signal: 'page:phrase', phrase: '抢单佣金', count: 3, weight: 1.2 }
 *   { signal: 'button:recharge', action: 'recharge', labels: ['立即充值'] }
 *   { signal: 'crypto:address', addresses: [{ chain: 'trx', address: 'TQn9…' }] }
 * Producers cap every list (≤ MAX_SIGNAL_ITEMS) and every string (≤ MAX_SIGNAL_TEXT) so a hostile page cannot
 * make a verdict large.
 */
import type { Action } from './classify/lexicon.ts';
import type { FieldKind } from './classify/features.ts';
import type { Chain, ContactChannel } from './classify/indicators.ts';
import type { Category } from './types.ts';

export const MAX_SIGNAL_ITEMS = 6;
export const MAX_SIGNAL_TEXT = 80;

/** One letter written in place of another: digit 0 for "o", Cyrillic "а" (U+0430) for "a", "rn" for "m". */
export interface LetterSwap {
  readonly written: string;
  readonly plain: string;
  readonly script: 'digit' | 'latin' | 'cyrillic' | 'greek' | 'full-width' | 'other';
  /** `U+0430` for non-ASCII letters. */
  readonly codePoint?: string;
}

/** The brand a look-alike imitates: its display name and its real domain (what "did you mean" offers). */
interface BrandRef {
  readonly brand: string;
  readonly domain: string;
}

export type WordsSignalId = 'text:instruction' | 'text:high-return' | 'text:commission' | 'text:daily-pay' | 'context:awareness' | 'url:scam-words';
export type PayFieldSignalId = `field:${FieldKind}`;

export type SignalBody =
  // lists
  | { readonly signal: 'list:match'; readonly expression: string; readonly listId: string; readonly listVersion: number }
  /** Accepted in review after the last list update (the online check of fresh entries). */
  | { readonly signal: 'list:online'; readonly expression: string }
  | { readonly signal: 'list:indicator-wallet' | 'list:indicator-contact'; readonly indicator: 'wallet' | 'phone' | 'im'; readonly value: string; readonly category: Category; readonly channel?: string }
  // page model: words
  | { readonly signal: 'page:phrase'; readonly phrase: string; readonly count: number }
  | { readonly signal: WordsSignalId; readonly words: readonly string[] }
  // page model: what the page asks for and how it wants the money
  | { readonly signal: PayFieldSignalId; readonly field: FieldKind; readonly hints: readonly string[] }
  | { readonly signal: `button:${Action}`; readonly action: Action; readonly labels: readonly string[] }
  | { readonly signal: 'contact:im' | 'contact:phone'; readonly contacts: readonly { readonly channel: ContactChannel; readonly handle: string }[] }
  | { readonly signal: 'crypto:address'; readonly addresses: readonly { readonly chain: Chain; readonly address: string }[] }
  | { readonly signal: 'payment:bank-transfer'; readonly words: readonly string[] }
  | { readonly signal: 'payment:qr'; readonly hints: readonly string[] }
  | { readonly signal: 'page:countdown'; readonly words: readonly string[]; readonly timers: number }
  | { readonly signal: 'page:icp'; readonly number: string }
  | { readonly signal: 'page:no-icp' }
  | { readonly signal: 'brand:credential-form' | 'brand:on-domain' | 'brand:off-domain'; readonly brands: readonly string[]; readonly fields: readonly FieldKind[]; readonly host: string }
  /** A brand named in the page's text, with credential fields and/or account-action words, not on its domain. */
  | { readonly signal: 'brand:named-in-text'; readonly brands: readonly string[]; readonly fields: readonly FieldKind[]; readonly words: readonly string[]; readonly host: string }
  // an earlier page of the same site was judged at warn (site memory, verdict/site-memory.ts)
  | { readonly signal: 'site:earlier-page'; readonly path: string; readonly category: Category; readonly words: readonly string[] }
  // what the tab shows is another site's page in a frame that fills the window (a wrapper page: the tab's story)
  | { readonly signal: 'site:frame'; readonly host: string }
  // URL: look-alikes of a brand
  | (BrandRef & {
      readonly signal: 'url:brand-name' | 'url:brand-substring';
      /** The brand word found, as the brand spells it. */
      readonly word: string;
      /** The label it was found in. */
      readonly label: string;
      readonly place: 'domain' | 'domain-start' | 'subdomain';
      /** Set when it was written with other letters (the written token, and which letters). */
      readonly written?: string;
      readonly swaps?: readonly LetterSwap[];
      /** Only a country code was added to the name (brands run national sites named like this). */
      readonly countryOnly?: boolean;
    })
  | (BrandRef & { readonly signal: 'url:edit-distance'; readonly written: string; readonly word: string; readonly label: string; readonly distance: number })
  | (BrandRef & { readonly signal: 'url:homoglyph'; readonly written: string; readonly word: string; readonly swaps: readonly LetterSwap[] })
  | (BrandRef & { readonly signal: 'url:brand-number'; readonly number: string; readonly label: string })
  | (BrandRef & { readonly signal: 'url:brand-domain-embedded'; readonly host: string; readonly place: 'subdomain' | 'userinfo'; readonly written: string })
  | (BrandRef & { readonly signal: 'url:brand-other-suffix'; readonly host: string; readonly word: string })
  | (BrandRef & { readonly signal: 'url:brand-with-scam-words'; readonly words: readonly string[] })
  | (BrandRef & { readonly signal: 'url:brand-with-risky-tld'; readonly tld: string })
  // URL: shape of the host
  | { readonly signal: 'url:userinfo'; readonly user: string; readonly host: string }
  | { readonly signal: 'url:ip-host' | 'url:shortener'; readonly host: string }
  | { readonly signal: 'url:punycode'; readonly name: string; readonly ascii: string }
  | { readonly signal: 'url:mixed-script' | 'url:confusable-script'; readonly name: string }
  | { readonly signal: 'url:risky-tld'; readonly tld: string }
  | { readonly signal: 'url:many-hyphens' | 'url:many-digits' | 'url:deep-subdomain'; readonly count: number; readonly host: string };

/** One signal with its contribution to the score (heuristics only; ≤ 0 means "did not add"). */
export type Signal = SignalBody & { readonly weight?: number };
export type SignalId = Signal['signal'];

/** The variant with id `K`. */
export type SignalOf<K extends SignalId> = Extract<Signal, { signal: K }>;

export function isSignal<K extends SignalId>(s: Signal, id: K): s is SignalOf<K> {
  return s.signal === id;
}

/** Caps a producer applies to every list / string it puts in a signal. */
export function capText(s: string, max = MAX_SIGNAL_TEXT): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
export function capList<T>(items: readonly T[], max = MAX_SIGNAL_ITEMS): T[] {
  return items.slice(0, max);
}
export function capWords(items: readonly string[], max = MAX_SIGNAL_ITEMS): string[] {
  return items.slice(0, max).map((w) => capText(w));
}

/** Identity of a signal regardless of its weight (deduplication). */
export function signalKey(s: Signal): string {
  const { weight: _weight, ...body } = s;
  return JSON.stringify(body);
}

/**
 * The page shows where to send money: a wallet address (found or listed), a payment QR code, or bank-transfer
 * details (two or more transfer words: 开户行 + 户名, "account name" + "routing number"). Computed here and sent
 * with the page check, so the content script decides nothing from text.
 */
export function showsPaymentInstructions(signals: readonly Signal[]): boolean {
  return signals.some(
    (s) =>
      s.signal === 'crypto:address' ||
      s.signal === 'list:indicator-wallet' ||
      s.signal === 'payment:qr' ||
      (s.signal === 'payment:bank-transfer' && s.words.length >= 2),
  );
}

export { describeSignal, describeSwaps } from './signal-describe.ts';
