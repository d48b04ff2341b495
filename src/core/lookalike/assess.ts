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
import { NO_VERDICT, type Category, type Reason, type Verdict } from '../types.ts';
import type { Brand, BrandData } from '../brands/types.ts';
import { DEFAULT_BRANDS } from '../brands/default-brands.ts';
import { brandIndex, ownerOf } from './brand-index.ts';
import { collectHostSignals, WEIGHTS, type BrandHit } from './host-signals.ts';
import { parseUrl } from './parse-url.ts';

// Build the default brand index at module init (≈ 1–3 ms) so the first navigation pays nothing.
brandIndex(DEFAULT_BRANDS);

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
  } catch {
    return NO_VERDICT; // never let a hostile string break navigation checks
  }
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
  const reasons: Reason[] = [];
  let score = 0;
  if (top !== null) {
    const brandWeight = Math.min(0.95, top.weight);
    score += brandWeight;
    reasons.push({ signal: top.signal, evidence: top.evidence, weight: round(brandWeight) });
    // other hits explain but do not add up — except a second, different signal for the same brand
    const seen = new Set([top.signal + top.evidence]);
    let corroborated = false;
    for (const h of s.brandHits) {
      if (seen.has(h.signal + h.evidence)) continue;
      seen.add(h.signal + h.evidence);
      const bonus =
        !corroborated && h.brand === top.brand && h.signal !== top.signal && (h.signal === 'url:brand-number' || top.signal === 'url:brand-number')
          ? WEIGHTS.sameBrandCorroboration
          : 0;
      if (bonus > 0) corroborated = true;
      score += bonus;
      reasons.push({ signal: h.signal, evidence: h.evidence, weight: bonus });
    }
  }
  const words = [...s.scamWords.values()];
  if (words.length > 0) {
    const w = Math.min(WEIGHTS.scamCap, words.reduce((a, x) => a + (x.strength === 'strong' ? WEIGHTS.scamStrong : WEIGHTS.scamGeneric), 0));
    score += w;
    reasons.push({ signal: 'url:scam-words', evidence: words.map((x) => x.word).join(', '), weight: round(w) });
    if (top !== null) {
      const strongWords = words.some((x) => x.strength === 'strong');
      const bonus = strongWords ? WEIGHTS.brandWithStrongScam : WEIGHTS.brandWithGenericScam;
      score += bonus;
      reasons.push({ signal: 'url:brand-with-scam-words', evidence: `${top.brand.name} name next to ${words.map((x) => `"${x.word}"`).join(', ')}`, weight: bonus });
    }
  }
  for (const sh of s.shape) {
    score += sh.weight;
    reasons.push({ signal: sh.signal, evidence: sh.evidence, weight: sh.weight });
    if (sh.signal === 'url:risky-tld' && top !== null) {
      // a brand's name on a throw-away TLD: '<bank>-online.top', 'jd-tw.shop'
      score += WEIGHTS.brandWithRiskyTld;
      reasons.push({ signal: 'url:brand-with-risky-tld', evidence: `${top.brand.name} name on ${sh.evidence}`, weight: WEIGHTS.brandWithRiskyTld });
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
