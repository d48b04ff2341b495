/**
 * The pure scorer: PageFeatures + learned Model → per-class probabilities → Verdict with reasons.
 *
 *   x = vectorize(features)                      grams (scaled 1/√max(4, hits)) + structural features
 *   logit[k] = bias[k] + Σ_f x_f · w[f][k]       (head = model.heads.page, or .text for ads/posts)
 *   p = softmax(logit); score = 1 − p(legit); type = argmax over scam classes
 *   level = warn if score ≥ thresholds.warn, caution if ≥ thresholds.caution
 * Two rules on top: a brand's login form on that brand's own domain (`brand:on-domain`) cannot be phishing of it
 * (the phishing class is dropped before the softmax); and on pages p(phishing) counts towards warn only with
 * impersonation evidence (impersonation.ts: a brand named off its domain, phishing phrases) — a generic log-in form
 * reads like a kit's, so without evidence it reaches caution at most (warnScore = 1 − p(legit) − p(phishing)).
 * Reasons: the features that pushed the page from legit towards its type the most, contribution
 * x_f · (w[f][type] − w[f][legit]), mapped back to what the user can see: grams → the visible words around them
 * (overlapping grams merged: 抢单 + 单佣 + 佣金 → "抢单佣金"), `lex:<type>` → the matched lexicon phrases,
 * `sig:<signal>` → the field / button / contact / wallet evidence. Legit-leaning awareness words are listed as
 * `context:awareness` with a negative weight.
 */
import { capText, capWords, signalKey, type Signal as Reason, type SignalBody } from '../signals.ts';
import type { Verdict } from '../types.ts';
import type { PageFeatures } from './features.ts';
import { findIndicators, type TextIndicators } from './indicators.ts';
import { CLASSES, compileModel, SCORED_CATEGORIES, weightAt, type CompiledHead, type Model, type ScoredCategory, type Signal } from './model.ts';
import { maskedTextFeatures } from './mask.ts';
import { vectorize, type FeatureVector } from './vectorize.ts';
import { contactSignals } from './lexicon-match.ts';
import { normalizeText } from './normalize.ts';
import { impersonationEvidence, PHISHING_WARN_EVIDENCE, type ImpersonationEvidence } from './impersonation.ts';

/** Kept for callers that cap text before scoring (the model reads its head's maxTextChars). */
export const MAX_SCORED_TEXT_CHARS = 24_000;
const MAX_REASONS = 12;
const MAX_GRAM_REASONS = 6;
/** Grams whose contribution is below this fraction of the strongest one are not listed. */
const MIN_REASON_SHARE = 0.08;
/** Payment artefacts and the fields that take money or credentials (see explain()). */
const FACT_SIGNALS: readonly Signal[] = ['crypto:address', 'payment:bank-transfer', 'payment:qr', 'field:card-number', 'field:sms-code', 'field:password'];

export interface Contribution {
  readonly feature: string;
  readonly value: number;
  /** x_f · (w[f][type] − w[f][legit]) */
  readonly contribution: number;
}

export interface ClassifyDetail {
  readonly verdict: Verdict;
  /** p(type) per scam type. */
  readonly scores: Readonly<Record<ScoredCategory, number>>;
  /** logit(type) − logit(legit) per scam type. */
  readonly raw: Readonly<Record<ScoredCategory, number>>;
  /** Lexicon action strength of the structural signals ("asks you to act"; a feature, not a gate). */
  readonly action: number;
  readonly awareness: number;
  /** Always 1 since format 2 (awareness is a learned feature); kept for callers of format 1. */
  readonly damping: number;
  readonly signals: ReadonlyMap<Signal, SignalBody>;
  readonly indicators: TextIndicators;
  readonly modelVersion: string;
  /** Strongest contributions towards the verdict's type (positive first), for --debug and eval. */
  readonly contributions: readonly Contribution[];
  /** Impersonation evidence on the page (impersonation.ts; page mode only, [] for texts). */
  readonly impersonation: readonly ImpersonationEvidence[];
  /** True when the phishing class was kept from counting towards warn (no counted impersonation evidence). */
  readonly phishingCapped: boolean;
  /** The score that is compared with the warn threshold, threshold-free (1 − p(legit), minus p(phishing) when
   *  capped): what model selection re-thresholds. */
  readonly warnScore: number;
}

export interface AnalyzeOptions {
  /** Evidence kinds that let the phishing class count towards warn on pages; 'off' = no cap (measurement only). */
  readonly phishingEvidence?: ReadonlySet<ImpersonationEvidence> | 'off';
}

export type ClassifyMode = 'page' | 'text';

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

interface Scored {
  readonly logits: Float64Array;
  /** Per present feature: row index and value. */
  readonly rows: { feature: string; row: number; value: number }[];
}

export function scoreVector(v: FeatureVector, head: CompiledHead): Scored {
  const K = CLASSES.length;
  const logits = new Float64Array(K);
  for (let k = 0; k < K; k++) logits[k] = head.head.bias[k] ?? 0;
  const rows: { feature: string; row: number; value: number }[] = [];
  const gramRows: number[] = [];
  const gramNames: string[] = [];
  for (const g of v.grams.keys()) {
    const r = head.index.get(g);
    if (r !== undefined) {
      gramRows.push(r);
      gramNames.push(g);
    }
  }
  const x = 1 / Math.sqrt(Math.max(4, gramRows.length));
  for (let i = 0; i < gramRows.length; i++) rows.push({ feature: gramNames[i] ?? '', row: gramRows[i] ?? 0, value: x });
  for (const [name, value] of v.structural) {
    const r = head.index.get(name);
    if (r !== undefined) rows.push({ feature: name, row: r, value });
  }
  const w = head.head.weights;
  const q = head.scale;
  for (const { row, value } of rows) {
    const base = row * K;
    for (let k = 0; k < K; k++) logits[k] = (logits[k] ?? 0) + value * Math.fround((w[base + k] ?? 0) * q);
  }
  return { logits, rows };
}

export function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const l of logits) if (l > max) max = l;
  const p = new Float64Array(logits.length);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    p[k] = Math.exp((logits[k] ?? 0) - max);
    sum += p[k] ?? 0;
  }
  for (let k = 0; k < p.length; k++) p[k] = (p[k] ?? 0) / sum;
  return p;
}

/** Visible words for a set of grams: occurrences that overlap or touch are merged into one span. */
function gramSpans(v: FeatureVector, grams: readonly Contribution[]): { text: string; weight: number }[] {
  const spans: { start: number; end: number; weight: number }[] = [];
  for (const c of grams) {
    const hit = v.grams.get(c.feature);
    if (hit) spans.push({ start: hit.start, end: hit.end, weight: c.contribution });
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number; weight: number }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      last.weight += s.weight;
    } else merged.push({ ...s });
  }
  return merged.map((m) => ({ text: v.norm.spaced.slice(m.start, m.end).trim(), weight: m.weight })).filter((m) => m.text.length > 0);
}

/** A gram read over a masked contact detail (`<phone>`, `<url>` …: mask.ts): never a "word scammers use" — the
 *  detail itself is listed instead (analyze, text mode). */
function maskedGram(v: FeatureVector, gram: string): boolean {
  const hit = v.grams.get(gram);
  return hit !== undefined && MASK_TOKEN.test(v.norm.spaced.slice(Math.max(0, hit.start - 1), hit.end + 1));
}
const MASK_TOKEN = /<(?:url|phone|email|user)>/;

function explain(v: FeatureVector, s: Scored, head: CompiledHead, type: ScoredCategory): { reasons: Reason[]; contributions: Contribution[] } {
  const K = CLASSES.length;
  const t = CLASSES.indexOf(type);
  const contributions: Contribution[] = s.rows.map(({ feature, row, value }) => ({
    feature,
    value,
    contribution: value * (weightAt(head, row * K + t) - weightAt(head, row * K)),
  }));
  contributions.sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1));
  const top = contributions[0]?.contribution ?? 0;
  const reasons: Reason[] = [];
  const grams = contributions.filter((c) => !c.feature.includes(':') && c.contribution > top * MIN_REASON_SHARE && c.contribution > 0 && !maskedGram(v, c.feature)).slice(0, 24);
  const spans = gramSpans(v, grams).sort((a, b) => b.weight - a.weight).slice(0, MAX_GRAM_REASONS);
  for (const sp of spans) reasons.push({ signal: 'page:phrase', phrase: capText(sp.text, 40), count: 1, weight: round(sp.weight) });
  for (const c of contributions) {
    if (!c.feature.includes(':')) continue;
    if (c.feature.startsWith('sig:') && c.contribution > 0) {
      const body = v.lexicon.signals.get(c.feature.slice(4) as Signal);
      if (body) reasons.push({ ...body, weight: round(c.contribution) });
    } else if (c.feature.startsWith('lex:') && SCORED_CATEGORIES.includes(c.feature.slice(4) as ScoredCategory) && c.contribution > 0) {
      const phrases = v.lexicon.phrases[c.feature.slice(4) as ScoredCategory].slice(0, 5);
      const total = phrases.reduce((a, p) => a + p.weight, 0) || 1;
      for (const p of phrases)
        reasons.push({ signal: 'page:phrase', phrase: capText(p.phrase, 40), count: p.count, weight: round((c.contribution * p.weight) / total) });
    } else if (c.feature === 'lex:instruction' && c.contribution > 0) {
      reasons.push({ signal: 'text:instruction', words: capWords(v.lexicon.instructionWords), weight: round(c.contribution) });
    }
  }
  reasons.sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
  // the same words found both as grams and as lexicon phrases: keep the stronger line
  const seen = new Set<string>();
  const out = reasons.filter((r) => {
    const key = r.signal === 'page:phrase' ? `phrase|${r.phrase}` : signalKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  out.splice(MAX_REASONS);
  // Where the money would go and what the page asks for are facts the user needs on any flagged page, whatever
  // their learned weight for this type: listed after the contributions, without a weight when they did not add.
  for (const sig of FACT_SIGNALS) {
    const body = v.lexicon.signals.get(sig);
    if (body !== undefined && !out.some((r) => r.signal === sig)) out.push(body);
  }
  const aware = contributions.find((c) => c.feature === 'lex:awareness');
  if (aware && aware.contribution < 0) out.push({ signal: 'context:awareness', words: capWords(v.lexicon.awarenessWords, 8), weight: round(aware.contribution) });
  return { reasons: out, contributions };
}

/** Page head, phishing-class cap: without counted impersonation evidence, p(phishing) does not count towards warn.
 *  Returns the warn-relevant score and whether the cap applied. */
function phishingCap(p: Float64Array, evidence: readonly ImpersonationEvidence[], counted: AnalyzeOptions['phishingEvidence']): { warnScore: number; capped: boolean } {
  const full = 1 - (p[0] ?? 0);
  const kinds = counted ?? PHISHING_WARN_EVIDENCE;
  if (kinds === 'off' || evidence.some((e) => kinds.has(e))) return { warnScore: round(full), capped: false };
  const phish = p[CLASSES.indexOf('phishing')] ?? 0;
  return { warnScore: round(full - phish), capped: phish > 0 };
}

/** Reasons plus the phone numbers and IM handles the unmasked text gives (its scored prefix), when not listed. */
function withContacts(reasons: Reason[], features: PageFeatures, maxTextChars: number): Reason[] {
  const ind = findIndicators(normalizeText(`${features.title}\n${features.text}`.slice(0, maxTextChars)));
  return [...reasons, ...contactSignals(ind).filter((body) => !reasons.some((r) => r.signal === body.signal))];
}

export function analyze(features: PageFeatures, model: Model, mode: ClassifyMode = 'page', opts: AnalyzeOptions = {}): ClassifyDetail {
  const compiled = compileModel(model);
  const head = mode === 'text' ? compiled.text : compiled.page;
  // texts are read with their links, numbers and e-mail addresses masked, as the text head's data sets were (mask.ts)
  const v = vectorize(mode === 'text' ? maskedTextFeatures(features) : features, model.lexicon, head.head.maxTextChars, head.head.charGrams);
  const s = scoreVector(v, head);
  // A brand's login form on the brand's own domain is not phishing of that brand: the phishing class is left out.
  if (v.lexicon.signals.has('brand:on-domain') && !v.lexicon.signals.has('brand:off-domain')) s.logits[CLASSES.indexOf('phishing')] = -Infinity;
  const p = softmax(s.logits);
  const scores = {} as Record<ScoredCategory, number>;
  const raw = {} as Record<ScoredCategory, number>;
  let top = 'other' as ScoredCategory;
  let topP = -1;
  SCORED_CATEGORIES.forEach((c, i) => {
    scores[c] = round(p[i + 1] ?? 0);
    raw[c] = round((s.logits[i + 1] ?? 0) - (s.logits[0] ?? 0));
    if ((p[i + 1] ?? 0) > topP) {
      topP = p[i + 1] ?? 0;
      top = c;
    }
  });
  const full = round(1 - (p[0] ?? 0));
  const impersonation = mode === 'page' ? impersonationEvidence(features, v.lexicon, model.lexicon) : [];
  const cap = mode === 'page' ? phishingCap(p, impersonation, opts.phishingEvidence) : { warnScore: full, capped: false };
  const t = head.head.thresholds;
  // a capped page can still reach caution on its full score; its reported score stays below warn
  const level = cap.warnScore >= t.warn ? 'warn' : full >= t.caution ? 'caution' : 'none';
  const score = level === 'warn' ? full : Math.min(full, round(t.warn - 0.001));
  // warned on the other scam types' probability alone: name the strongest of them
  if (level === 'warn' && cap.capped && top === 'phishing') top = SCORED_CATEGORIES.filter((c) => c !== 'phishing').reduce((a, c) => ((scores[c] ?? 0) > (scores[a] ?? 0) ? c : a));
  const ex = explain(v, s, head, top);
  // a text was scored masked: the links and numbers it gives are listed as read from the text itself
  const reasons = mode === 'text' && level !== 'none' ? withContacts(ex.reasons, features, head.head.maxTextChars) : ex.reasons;
  const verdict: Verdict = level === 'none' ? { level, score, reasons: [] } : { level, category: top, score, reasons };
  return {
    verdict,
    scores,
    raw,
    action: round(v.lexicon.action + v.lexicon.instructed),
    awareness: round(v.lexicon.awareness),
    damping: 1,
    signals: v.lexicon.signals,
    indicators: v.lexicon.indicators,
    modelVersion: model.version,
    contributions: ex.contributions.slice(0, 40),
    impersonation,
    phishingCapped: cap.capped,
    warnScore: cap.warnScore,
  };
}
