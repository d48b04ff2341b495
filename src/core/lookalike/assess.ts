/**
 * `assessUrl(url)` — the URL-risk verdict for one link or navigation, from the URL alone (no network, no page).
 *
 * Pipeline: parse (WHATWG URL + tldts) → trusted or the brand's own site? → none. Otherwise collect host signals
 * (host-signals.ts) and score them:
 *   score = strongest brand signal + brand-with-scam-words bonus + scam words (capped) + shape signals, ≤ 1.
 * Tiers: **warn** when score ≥ WARN_SCORE and a brand is imitated (then `didYouMean` names the real site);
 * **caution** when score ≥ CAUTION_SCORE; otherwise none. Weak shape signals (TLD, hyphens, digits, punycode,
 * shortener) are below CAUTION_SCORE on their own by construction, so no TLD is ever enough by itself.
 */
import { capWords, signalKey, type Signal } from '../signals.ts';
import { NO_VERDICT, type Category, type Verdict } from '../types.ts';
import type { Brand, BrandData } from '../brands/types.ts';
import { DEFAULT_BRANDS } from '../brands/default-brands.ts';
import { brandIndex, ownerOf } from './brand-index.ts';
import { collectHostSignals, WEIGHTS, type BrandHit } from './host-signals.ts';
import { parseUrl } from './parse-url.ts';
import { DataUnavailable } from '../data-unavailable.ts';

// The default brand index is built by the first assessUrl call (brandIndex caches it), not at module load: a worker
// woken for an alarm or a tab event never needs it, and a wake for a verdict pays the same few ms in the verdict
// instead of in the script's evaluation (issue 18; building it during the wake's IndexedDB read instead was measured
// and delayed the row's delivery by as much as it saved).

export const WARN_SCORE = 0.7;
export const CAUTION_SCORE = 0.3;

export interface AssessOptions {
  /** Protected brands; defaults to the bundled DEFAULT_BRANDS. */
  readonly brands?: BrandData;
  /**
   * Replaces the default trusted check (`isTrustedDomain`). Called with the host, then with its registrable
   * domain (unless the host is a shared-hosting tenant). Compose with `isTrustedDomain` to extend it.
   */
  readonly trusted?: (domain: string) => boolean;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function categoryOf(brand: Brand | null, scamCategories: readonly Category[]): Category {
  const specific = scamCategories.find((c) => c !== 'phishing');
  if (specific !== undefined) return specific;
  if (brand !== null) return brand.category ?? 'phishing';
  return scamCategories.length > 0 ? 'phishing' : 'other';
}

export function assessUrl(url: string, opts?: AssessOptions): Verdict {
  try {
    return assessUnsafe(url, opts);
  } catch (err: unknown) {
    // A table not loaded (extension build, before the wake's fetch: the confusables, the public suffixes): an error,
    // not a silent pass.
    if (err instanceof DataUnavailable) throw err;
    return NO_VERDICT; // never let a hostile string break navigation checks
  }
}

/**
 * Does the first assessment's one-time work now: builds the brand index (a few ms on a cold worker). A waking worker
 * calls it while its database reads are out, so that its first verdict does not pay for it. Needs no other data
 * (not the public suffixes, not the confusables: brand names are ASCII). No result, no side effect beyond the cache.
 */
export function prepareAssess(opts?: Pick<AssessOptions, 'brands'>): void {
  brandIndex(opts?.brands ?? DEFAULT_BRANDS);
}

function assessUnsafe(url: string, opts?: AssessOptions): Verdict {
  const p = parseUrl(url);
  if (p === null) return NO_VERDICT;
  const index = brandIndex(opts?.brands ?? DEFAULT_BRANDS);
  const tenant = p.shared !== null && p.shared.kind === 'subdomain' && !p.shared.isApex;
  if (!p.isIp && p.userinfo === '') {
    const trusted = opts?.trusted;
    if (trusted === undefined) {
      if (p.trusted) return NO_VERDICT;
    } else if (trusted(p.host) || (!tenant && p.registrable !== null && trusted(p.registrable))) return NO_VERDICT;
    if (!tenant && ownerOf(index, p.host) !== null) return NO_VERDICT;
  }
  const s = collectHostSignals(index, p, p.shortener);

  let top: BrandHit | null = null;
  for (const h of s.brandHits) if (top === null || h.weight > top.weight) top = h;
  const reasons: Signal[] = [];
  let score = 0;
  if (top !== null) {
    const brandWeight = Math.min(0.95, top.weight);
    score += brandWeight;
    reasons.push({ ...top.body, weight: round(brandWeight) });
    // other hits explain but do not add up — except a second, different signal for the same brand
    const seen = new Set([signalKey(top.body)]);
    let corroborated = false;
    const topId = top.body.signal;
    for (const h of s.brandHits) {
      const key = signalKey(h.body);
      if (seen.has(key)) continue;
      seen.add(key);
      const id = h.body.signal;
      const bonus = !corroborated && h.brand === top.brand && id !== topId && (id === 'url:brand-number' || topId === 'url:brand-number') ? WEIGHTS.sameBrandCorroboration : 0;
      if (bonus > 0) corroborated = true;
      score += bonus;
      reasons.push({ ...h.body, weight: bonus });
    }
  }
  const words = [...s.scamWords.values()];
  if (words.length > 0) {
    const w = Math.min(WEIGHTS.scamCap, words.reduce((a, x) => a + (x.strength === 'strong' ? WEIGHTS.scamStrong : WEIGHTS.scamGeneric), 0));
    score += w;
    reasons.push({ signal: 'url:scam-words', words: capWords(words.map((x) => x.word)), weight: round(w) });
    if (top !== null) {
      const strongWords = words.some((x) => x.strength === 'strong');
      const bonus = strongWords ? WEIGHTS.brandWithStrongScam : WEIGHTS.brandWithGenericScam;
      score += bonus;
      reasons.push({ signal: 'url:brand-with-scam-words', brand: top.body.brand, domain: top.body.domain, words: capWords(words.map((x) => x.word)), weight: bonus });
    }
  }
  for (const sh of s.shape) {
    score += sh.weight;
    reasons.push({ ...sh.body, weight: sh.weight });
    if (sh.body.signal === 'url:risky-tld' && top !== null) {
      // a brand's name on a throw-away TLD: '<bank>-online.top', 'jd-tw.shop'
      score += WEIGHTS.brandWithRiskyTld;
      reasons.push({ signal: 'url:brand-with-risky-tld', brand: top.body.brand, domain: top.body.domain, tld: sh.body.tld, weight: WEIGHTS.brandWithRiskyTld });
    }
  }
  score = round(Math.min(1, score));
  if (score < CAUTION_SCORE) return NO_VERDICT;
  const level = score >= WARN_SCORE && top !== null ? 'warn' : 'caution';
  const category = categoryOf(top?.brand ?? null, words.filter((x) => x.strength === 'strong').map((x) => x.category));
  const verdict: Verdict = { level, category, score, reasons };
  const didYouMean = top?.brand.domains[0];
  return top !== null && didYouMean !== undefined ? { ...verdict, didYouMean } : verdict;
}
