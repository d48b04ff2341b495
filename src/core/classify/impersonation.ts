/**
 * Impersonation evidence for the phishing class (issue 13, round 5). A log-in form on its own is what every site
 * has; phishing is a log-in (or card) form that pretends to be someone else. The page head's phishing probability
 * counts towards *warn* only when the page shows at least one kind of evidence below (score.ts); without it a
 * phishing reading can still reach *caution*. Every kind maps to something the verdict already lists as a reason:
 *
 *   brand-off-domain  `brand:off-domain`: a brand named in the title / headings (or owning half of the link hosts),
 *                     or the site the title names, with a credential form on a host that is not its own
 *   brand-named       a lexicon brand the page says it is (title / headings / half of its link hosts), with or
 *                     without a form (a two-step log-in's e-mail step, a kit's "verify" landing page), on a host that
 *                     is not the brand's — or on no host: a saved page or kit in eval, where the address that would
 *                     decide is unknown (in the browser every page has one)
 *   phishing-phrases  a phishing phrase of the lexicon, not negated ("verify your account", "账户异常", "验证身份")
 *   brand-in-text     `brand:named-in-text` with account-action wording: a lexicon brand named in the page's text
 *                     (early or twice; lexicon-match.ts textBrands) on a host that is not the brand's (or no host),
 *                     next to "update billing details", "click on the following link" … (a kit's e-mail or landing
 *                     page that names the brand nowhere in its title or headings). Not with credential fields alone:
 *                     on the grouped k-fold that let saved brand log-in / checkout pages of unknown address warn.
 *
 * Example: "Sign in · Acme" with e-mail + password on acme.example → no evidence (generic log-in form: caution at
 * most); "PayPal" log-in on paypal-secure.top → brand-off-domain (may warn).
 * Pure: reads the extracted features and the lexicon pass only.
 */
import type { PageFeatures } from './features.ts';
import { hostMatches, type LexiconMatch } from './lexicon-match.ts';
import type { Lexicon } from './lexicon.ts';

export const IMPERSONATION_EVIDENCE = ['brand-off-domain', 'brand-named', 'phishing-phrases', 'brand-in-text'] as const;
export type ImpersonationEvidence = (typeof IMPERSONATION_EVIDENCE)[number];

/** The kinds that let the phishing class count towards warn (all of them; chosen on the grouped k-fold: a password
 *  and a card field together also let legit checkouts warn — classify README, rounds 5 and 7). */
export const PHISHING_WARN_EVIDENCE: ReadonlySet<ImpersonationEvidence> = new Set(IMPERSONATION_EVIDENCE);

/** Every kind of impersonation evidence the page shows, in IMPERSONATION_EVIDENCE order. */
export function impersonationEvidence(f: PageFeatures, m: Pick<LexiconMatch, 'signals' | 'raw' | 'brands'>, lexicon: Lexicon): ImpersonationEvidence[] {
  const out: ImpersonationEvidence[] = [];
  if (m.signals.has('brand:off-domain')) out.push('brand-off-domain');
  const host = f.host?.toLowerCase();
  const offBrand = m.brands.some((i) => {
    const b = lexicon.brands[i];
    return b !== undefined && !(host !== undefined && b.domains.some((d) => hostMatches(host, d)));
  });
  if (offBrand) out.push('brand-named');
  if (m.raw.phishing > 0) out.push('phishing-phrases');
  // not with credential fields alone: a saved brand log-in or checkout page of unknown address names its brand too
  const inText = m.signals.get('brand:named-in-text');
  if (inText !== undefined && 'words' in inText && inText.words.length > 0) out.push('brand-in-text');
  return out;
}

/** Parses `--phish-evidence` style lists: "off" (no cap) or comma-separated kinds. Throws on an unknown kind. */
export function parseEvidenceKinds(spec: string): ReadonlySet<ImpersonationEvidence> | 'off' {
  if (spec === 'off') return 'off';
  const kinds = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const k of kinds) if (!(IMPERSONATION_EVIDENCE as readonly string[]).includes(k)) throw new Error(`unknown impersonation evidence "${k}" (known: ${IMPERSONATION_EVIDENCE.join(', ')}, or "off")`);
  return new Set(kinds as ImpersonationEvidence[]);
}
