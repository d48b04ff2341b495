/**
 * The one place where evidence becomes a verdict. The worker (handlers, navigation guard), the maintainer CLIs and
 * the evaluation scripts all call these two functions, so what a user is told does not depend on which path asked.
 *
 *   judgeUrl(judge, url)            list hit (block) + URL risk (look-alikes: warn / caution)
 *   judgePage(judge, url, features) judgeUrl + page model + scam indicators (wallets, phones, IM handles on a list);
 *                                   major sites (the default trusted domains) are judged by URL only — their pages
 *                                   are never classified, so a bank's own login form cannot be called phishing.
 *
 * Pure: every source of evidence comes in as a function of plain data (the worker passes its list table, the CLI
 * a decoded snapshot). A user's own allowlist is not applied here: callers decide what an allow means.
 */
import type { PageFeatures } from '../classify/features';
import { showsPaymentInstructions } from '../signals';
import { NO_VERDICT, type Verdict } from '../types';
import { combineVerdicts, verdictFromListHit, type ListHit } from './combine';

export interface Judge {
  /** The list entry covering this URL, if any. */
  readonly lookup: (url: string) => ListHit | null;
  /** URL-shape signals (look-alikes, risky hosts). */
  readonly assessUrl?: (url: string) => Verdict;
  /** Page model: features → verdict. */
  readonly classifyPage?: (features: PageFeatures) => Verdict;
  /** Known scam indicators found in the page's text → list verdicts. */
  readonly lookupIndicators?: (text: string) => readonly Verdict[];
  /** Major sites whose pages are never classified. */
  readonly isMajorSite?: (host: string) => boolean;
}

export function judgeUrl(judge: Judge, url: string): Verdict {
  const hit = judge.lookup(url);
  const parts: Verdict[] = [];
  if (hit) parts.push(verdictFromListHit(hit));
  if (judge.assessUrl) parts.push(judge.assessUrl(url));
  return combineVerdicts(parts);
}

export interface PageJudgement {
  /** The URL alone (list + URL risk): decides whether extraction is worth it before features exist. */
  readonly url: Verdict;
  /** Everything known about the page. */
  readonly page: Verdict;
  /** The host is a major site: its page content is not classified. */
  readonly majorSite: boolean;
}

/** `host` is the page's canonical host (the caller has it already); features may be absent on the first check. */
export function judgePage(judge: Judge, url: string, host: string, features?: Omit<PageFeatures, 'url' | 'host'>): PageJudgement {
  const urlVerdict = judgeUrl(judge, url);
  const majorSite = judge.isMajorSite?.(host) ?? false;
  if (!features || majorSite) return { url: urlVerdict, page: urlVerdict, majorSite };
  const parts: Verdict[] = [urlVerdict];
  if (judge.classifyPage) parts.push(judge.classifyPage({ ...features, url, host }));
  if (judge.lookupIndicators) parts.push(...judge.lookupIndicators(features.text));
  return { url: urlVerdict, page: parts.length > 1 ? combineVerdicts(parts) : urlVerdict, majorSite };
}

/** Facts about a judged page that the content script acts on, computed here so it never reads them from text. */
export interface PageFlags {
  /** The page shows where to send money (wallet, payment QR code, bank-transfer details): on a warn/block page
   *  the overlay appears on sight, before any payment step. */
  readonly paymentInstructions: boolean;
}

export function pageFlags(page: Verdict, features?: Pick<PageFeatures, 'images'> | null): PageFlags {
  return { paymentInstructions: (features?.images.qrNearPay.length ?? 0) > 0 || showsPaymentInstructions(page.reasons) };
}

export { NO_VERDICT };
