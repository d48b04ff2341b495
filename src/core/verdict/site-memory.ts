/**
 * Site memory: what an earlier page of the same site showed. A scam platform is several pages — a home page full
 * of 抢单 / 佣金 / VIP levels, then a plain "recharge" page with an amount and a card field. Judged one page at a
 * time, the page where the money goes can look like any shop's top-up page (the shops7 hard negatives say so), so
 * the warning would come on the home page and be gone at the payment step. With site memory, a page the model put
 * at **warn** marks its site (registrable domain) for a while; a later page of that site that reads lower is shown
 * at warn too, with one reason naming the earlier page and what it looked like.
 *
 *   rememberable(judged)   only a warn that the page's content earned (page model / indicators), never a list block
 *                          (a listed site does not load) nor a warn the URL alone gives (it applies to every page),
 *                          and never from a page that is itself a money step (isMoneyPage: a payment field, or a
 *                          button that commits a payment — 确认提现, 确认充值, "submit payment": the payment-step
 *                          words, not a "立即充值" link to another page) — its own warn protects it, and a legit
 *                          shop's wallet or commission-withdraw page is where the model's false warns sit (the eval's
 *                          per-site reading: in the grouped k-fold, 3 of 9 legit shop front-ends had one such page
 *                          at warn and memory spread it to their other pages — legit pages at warn 0.8 % → 2.3 %)
 *   carriedVerdict(memo)   the verdict a later page of the site gets: warn, the earlier page's type, one reason
 *
 * Only warn is remembered (caution never spreads). Memory is local (the worker keeps it in session storage, gone
 * when the browser closes, and drops it after SITE_MEMORY_TTL_MS); nothing about it leaves the device; a site the
 * user trusts is never judged, so "this site is safe" also ends it. Pure.
 */
import { capText, MAX_SIGNAL_ITEMS, type Signal } from '../signals';
import { registrableDomain } from '../url/registrable-domain';
import { levelRank, type Category, type Verdict } from '../types';
import type { PageJudgement } from './judge';
import type { PageFeatures } from '../classify/features';
import { isPaymentField, PAYMENT_STEP_WORDS } from '../classify/payment-step';
import { compileMatcher, matchPhrases, type CompiledMatcher } from '../classify/matcher';
import { normalizeText } from '../classify/normalize';

/** How long a warn page speaks for the rest of its site. */
export const SITE_MEMORY_TTL_MS = 12 * 60 * 60 * 1000;

/** What is kept about the earlier page (small: capped strings, no page text). */
export interface SiteMemo {
  readonly site: string;
  /** The earlier page's path (no query: it can hold tokens), capped. */
  readonly path: string;
  readonly category: Category;
  readonly score: number;
  /** Up to MAX_SIGNAL_ITEMS words / labels the earlier page was judged on, capped. */
  readonly words: readonly string[];
  readonly at: number;
}

/** The site a host belongs to: its registrable domain (each github.io site is its own), else the host itself. */
export function siteOf(host: string): string {
  return registrableDomain(host) ?? host;
}

let commitWords: CompiledMatcher<true> | null = null;

/** A button label that commits a payment (确认提现, 我已转账, "submit payment", "pay …"): PAYMENT_STEP_WORDS. */
function commitsPayment(label: string): boolean {
  if (!label || label.length > 200) return false;
  commitWords ??= compileMatcher(PAYMENT_STEP_WORDS.map((phrase) => ({ phrase, data: true as const })));
  return matchPhrases(commitWords, normalizeText(label)).length > 0;
}

/** Is the page itself a money step: a field that moves money (card, CVV, amount, bank account, SMS code, ID number)
 *  or a button that commits a payment? (A "立即充值" button that opens the recharge page is not: that page is.) */
export function isMoneyPage(features: Pick<PageFeatures, 'fields' | 'buttons'>): boolean {
  return features.fields.some((f) => isPaymentField(f.kind, undefined)) || features.buttons.some(commitsPayment);
}

/** A page verdict the rest of its site should hear about (`features`: what the page was judged on; without them
 *  the page cannot be shown not to be a money step, so it is not remembered). */
export function rememberable(judged: Pick<PageJudgement, 'url' | 'page' | 'majorSite'>, features: Pick<PageFeatures, 'fields' | 'buttons'> | undefined): boolean {
  return (
    !judged.majorSite &&
    features !== undefined &&
    !isMoneyPage(features) &&
    judged.page.level === 'warn' &&
    judged.page.category !== undefined &&
    levelRank(judged.url.level) < levelRank('warn') &&
    !judged.page.reasons.some((r) => r.signal === 'site:earlier-page')
  );
}

/** The words a verdict was reached on, for the reason a later page shows (phrases, labels, field hints). */
function wordsOf(reasons: readonly Signal[]): string[] {
  const out: string[] = [];
  for (const r of reasons) {
    if (r.signal === 'page:phrase') out.push(r.phrase);
    else if ('labels' in r) out.push(...r.labels);
    else if ('words' in r && r.signal !== 'context:awareness') out.push(...r.words);
    if (out.length >= MAX_SIGNAL_ITEMS) break;
  }
  return [...new Set(out.map((w) => capText(w)))].slice(0, MAX_SIGNAL_ITEMS);
}

/** The memo for a page verdict that `rememberable` accepted. */
export function memoFor(url: string, host: string, page: Verdict, now: number): SiteMemo | null {
  if (page.category === undefined) return null;
  let path = '/';
  try {
    path = new URL(url).pathname;
  } catch {
    /* keep "/" */
  }
  return { site: siteOf(host), path: capText(path), category: page.category, score: page.score, words: wordsOf(page.reasons), at: now };
}

/** A memo (looked up by its site) still in force at `now`. */
export function memoApplies(memo: SiteMemo | null | undefined, now: number): memo is SiteMemo {
  return memo !== null && memo !== undefined && now - memo.at < SITE_MEMORY_TTL_MS && now >= memo.at;
}

/** The verdict a later page of the remembered site gets. */
export function carriedVerdict(memo: SiteMemo): Verdict {
  const reason: Signal = { signal: 'site:earlier-page', path: memo.path, category: memo.category, words: memo.words };
  return { level: 'warn', category: memo.category, score: memo.score, reasons: [reason] };
}

/** Structural check for what comes back from storage (a memo written by an older build, or damaged). */
export function isSiteMemo(v: unknown): v is SiteMemo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.site === 'string' &&
    typeof o.path === 'string' &&
    typeof o.category === 'string' &&
    typeof o.score === 'number' &&
    typeof o.at === 'number' &&
    Array.isArray(o.words) &&
    o.words.every((w) => typeof w === 'string')
  );
}
