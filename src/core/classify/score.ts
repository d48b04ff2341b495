/**
 * The pure scorer: PageFeatures + Model → per-type scores → Verdict with reasons.
 *
 *   raw[type] = Σ phrase weight × (1 + repeatBonus × min(extra occurrences, maxRepeats))   (model.categories[type].phrases)
 *             + Σ weight of each fired signal                                            (model.categories[type].signals)
 *   if awareness phrases ≥ awareness.threshold: raw *= dampen × threshold / awareness
 *                                               (or dampenStrongAction when the page asks a lot)
 *   score[type] = 1 − exp(−raw / scale)
 *   level = warn    if top score ≥ warn and action strength ≥ warnMinAction
 *           caution if top score ≥ caution
 * "Action strength" = Σ model.action.weights of fired signals (+ instruction phrases, capped): scam pages ask you
 * to do something (recharge button, amount/card/SMS-code field, IM handle, wallet address, "共享屏幕");
 * awareness articles and news do not.
 */
import type { Reason, Verdict } from '../types.ts';
import type { FieldKind, PageFeatures } from './features.ts';
import { findIndicators, type TextIndicators } from './indicators.ts';
import { matchPhrases } from './matcher.ts';
import { compileModel, SCORED_CATEGORIES, type Model, type ScoredCategory, type Signal } from './model.ts';
import { negationMask } from './negation.ts';
import { normalizeText } from './normalize.ts';

export const MAX_SCORED_TEXT_CHARS = 24_000;
const MAX_REASONS = 12;
const MAX_BUTTON_LABELS = 60;
const MAX_PHRASE_REASONS = 7;

export interface ClassifyDetail {
  readonly verdict: Verdict;
  readonly scores: Readonly<Record<ScoredCategory, number>>;
  readonly raw: Readonly<Record<ScoredCategory, number>>;
  readonly action: number;
  readonly awareness: number;
  readonly damping: number;
  readonly signals: ReadonlyMap<Signal, string>;
  readonly indicators: TextIndicators;
  readonly modelVersion: string;
}

export type ClassifyMode = 'page' | 'text';

const FIELD_SIGNALS: Partial<Record<FieldKind, Signal>> = {
  password: 'field:password',
  'card-number': 'field:card-number',
  'card-cvv': 'field:card-cvv',
  'card-expiry': 'field:card-expiry',
  'bank-account': 'field:bank-account',
  'id-number': 'field:id-number',
  'sms-code': 'field:sms-code',
  amount: 'field:amount',
};
const CREDENTIAL_KINDS: ReadonlySet<FieldKind> = new Set(['password', 'card-number', 'card-cvv', 'sms-code', 'id-number', 'bank-account']);

function zeroScores(): Record<ScoredCategory, number> {
  const r = {} as Record<ScoredCategory, number>;
  for (const c of SCORED_CATEGORIES) r[c] = 0;
  return r;
}

function hostMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase();
  return host === d || host.endsWith(`.${d}`);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function quote(s: string): string {
  return `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;
}

function collectSignals(f: PageFeatures, ind: TextIndicators, brandHits: ReadonlySet<number>, model: Model, compact: string): Map<Signal, string> {
  const compiled = compileModel(model);
  const signals = new Map<Signal, string>();
  const add = (s: Signal, evidence: string): void => {
    const prev = signals.get(s);
    if (prev === undefined) signals.set(s, evidence);
    else if (prev.length < 120 && !prev.includes(evidence)) signals.set(s, `${prev}; ${evidence}`);
  };
  for (const field of f.fields) {
    const s = FIELD_SIGNALS[field.kind];
    if (s) add(s, field.evidence);
  }
  // Distinct labels only, and at most MAX_BUTTON_LABELS of them: a product grid repeats "加入购物车" 200 times.
  const labels = [...new Set(f.buttons.map((b) => b.trim()))].slice(0, MAX_BUTTON_LABELS);
  for (const label of labels) {
    const hits = matchPhrases(compiled.buttons, normalizeText(label));
    for (const h of hits) add(`button:${h.entry.data}`, quote(label));
  }
  const im = ind.contacts.filter((c) => c.channel !== 'phone');
  if (im.length > 0) add('contact:im', im.slice(0, 4).map((c) => `${c.channel} ${c.handle}`).join(', '));
  const phones = ind.contacts.filter((c) => c.channel === 'phone');
  if (phones.length > 0) add('contact:phone', phones.slice(0, 2).map((c) => c.handle).join(', '));
  if (ind.crypto.length > 0) add('crypto:address', ind.crypto.slice(0, 3).map((c) => `${c.chain.toUpperCase()} ${c.address}`).join(', '));
  if (ind.bankTransfer.length > 0) add('payment:bank-transfer', ind.bankTransfer.slice(0, 4).join(', '));
  if (f.images.qrNearPay.length > 0) add('payment:qr', f.images.qrNearPay.slice(0, 2).join(', '));
  if (ind.countdown.length > 0) add('page:countdown', ind.countdown.slice(0, 2).map(quote).join(', '));
  else if (f.countdownElements > 0) add('page:countdown', `${f.countdownElements} timer element(s)`);
  if (ind.icp.length > 0) add('page:icp', ind.icp[0] ?? 'ICP');
  else if (isChinesePage(f, compact) && asksForMoney(signals)) add('page:no-icp', 'Chinese payment page without ICP 备案 number');
  if (ind.highReturn.length > 0) add('text:high-return', ind.highReturn.slice(0, 3).map(quote).join(', '));
  if (ind.commission.length > 0) add('text:commission', ind.commission.slice(0, 3).map(quote).join(', '));
  if (ind.dailyPay.length > 0) add('text:daily-pay', ind.dailyPay.slice(0, 3).map(quote).join(', '));
  const credentialFields = f.fields.filter((x) => CREDENTIAL_KINDS.has(x.kind));
  if (brandHits.size > 0 && credentialFields.length > 0) {
    const brands = [...brandHits].map((i) => model.brands[i]).filter((b) => b !== undefined);
    const names = brands.map((b) => b.name).join(', ');
    const fieldsText = [...new Set(credentialFields.map((x) => x.kind))].join(', ');
    const host = f.host?.toLowerCase();
    if (!host) add('brand:credential-form', `${names} named next to ${fieldsText} fields`);
    else if (brands.some((b) => b.domains.some((d) => hostMatches(host, d)))) add('brand:on-domain', `${names} on ${host}`);
    else add('brand:off-domain', `${names} login/payment form (${fieldsText}) on ${host}`);
  }
  return signals;
}

function isChinesePage(f: PageFeatures, compact: string): boolean {
  if (f.lang.startsWith('zh')) return true;
  let cjk = 0;
  for (let i = 0; i < compact.length && i < 4000; i++) {
    const c = compact.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) cjk++;
  }
  return cjk >= 40;
}

function asksForMoney(signals: ReadonlyMap<Signal, string>): boolean {
  return (
    signals.has('button:pay') ||
    signals.has('button:recharge') ||
    signals.has('field:amount') ||
    signals.has('field:card-number') ||
    signals.has('payment:bank-transfer') ||
    signals.has('payment:qr')
  );
}

export function analyze(features: PageFeatures, model: Model, mode: ClassifyMode = 'page'): ClassifyDetail {
  const compiled = compileModel(model);
  const full = `${features.title}\n${features.text}`.slice(0, MAX_SCORED_TEXT_CHARS);
  const norm = normalizeText(full);
  const raw = zeroScores();
  const phraseReasons: Record<ScoredCategory, { phrase: string; count: number; weight: number }[]> = {} as never;
  for (const c of SCORED_CATEGORIES) phraseReasons[c] = [];
  let awareness = 0;
  const awarenessWords: string[] = [];
  let instructed = 0;
  const instructionWords: string[] = [];
  const brandHits = new Set<number>();
  const boost = (count: number): number => 1 + model.repeatBonus * Math.min(count - 1, model.maxRepeats);
  const neg = negationMask(norm, compiled.negationCues, model.negation.windowCjk, model.negation.windowLatin);
  let negatedAwareness = 0;
  const negatedWords: string[] = [];
  for (const hit of matchPhrases(compiled.text, norm)) {
    const { entry } = hit;
    const d = entry.data;
    let count = hit.count;
    if (d.kind === 'category' || d.kind === 'action') {
      const m = neg[entry.view];
      const negated = hit.positions.filter((p) => m[p] === 1).length;
      if (negated > 0) {
        count -= negated;
        if (d.kind === 'category') negatedAwareness += negated * model.negation.awarenessPerNegated;
        if (negatedWords.length < 4 && !negatedWords.includes(entry.phrase)) negatedWords.push(entry.phrase);
      }
      if (count === 0) continue;
    }
    if (d.kind === 'category') {
      const w = d.weight * boost(count);
      raw[d.category] += w;
      phraseReasons[d.category].push({ phrase: entry.phrase, count, weight: w });
    } else if (d.kind === 'awareness') {
      awareness += d.weight * boost(count);
      if (awarenessWords.length < 6) awarenessWords.push(entry.phrase);
    } else if (d.kind === 'action') {
      instructed += d.weight;
      if (instructionWords.length < 6) instructionWords.push(entry.phrase);
    }
  }
  if (negatedAwareness > 0) {
    awareness += Math.min(negatedAwareness, model.negation.maxAwareness);
    for (const w of negatedWords) if (awarenessWords.length < 8) awarenessWords.push(`not ${w}`);
  }
  // Brands count only where a page says who it is (title, headings), not in "we accept 支付宝" payment lists.
  const head = normalizeText(`${features.title}\n${features.headings.join('\n')}`.slice(0, 4000));
  for (const { entry } of matchPhrases(compiled.text, head)) if (entry.data.kind === 'brand') brandHits.add(entry.data.index);
  const indicators = findIndicators(norm, features.links.contactLinks);
  const signals = collectSignals(features, indicators, brandHits, model, norm.spaced);
  const signalWeight = (c: ScoredCategory, s: Signal): number => model.categories[c].signals[s] ?? 0;
  for (const c of SCORED_CATEGORIES) for (const s of signals.keys()) raw[c] += signalWeight(c, s);
  let structural = 0;
  for (const s of signals.keys()) structural += model.action.weights[s] ?? 0;
  const fromText = Math.min(instructed, model.action.maxFromPhrases);
  const action = structural + fromText;

  let damping = 1;
  if (awareness >= model.awareness.threshold) {
    const a = model.awareness;
    damping = structural >= a.strongAction ? a.dampenStrongAction : (a.dampen * a.threshold) / awareness;
    for (const c of SCORED_CATEGORIES) if (raw[c] > 0) raw[c] *= damping;
  }
  const scores = zeroScores();
  let top: ScoredCategory = 'other';
  let topScore = -1;
  for (const c of SCORED_CATEGORIES) {
    scores[c] = round(1 - Math.exp(-Math.max(0, raw[c]) / model.scale));
    if (scores[c] > topScore) {
      topScore = scores[c];
      top = c;
    }
  }
  const t = model.thresholds[mode];
  const level =
    topScore >= t.warn && action >= t.warnMinAction ? 'warn' : topScore >= t.caution && action >= t.cautionMinAction ? 'caution' : 'none';

  const reasons: Reason[] = [];
  if (level !== 'none') {
    const phr = [...phraseReasons[top]].sort((a, b) => b.weight - a.weight).filter((p) => p.weight > 0);
    for (const p of phr.slice(0, MAX_PHRASE_REASONS))
      reasons.push({ signal: 'page:phrase', evidence: p.count > 1 ? `"${p.phrase}" ×${p.count}` : `"${p.phrase}"`, weight: round(p.weight * damping) });
    const sig = [...signals].map(([s, evidence]) => ({ s, evidence, w: signalWeight(top, s) })).filter((x) => x.w !== 0);
    sig.sort((a, b) => b.w - a.w);
    for (const x of sig) reasons.push({ signal: x.s, evidence: x.evidence, weight: round(x.w * (x.w > 0 ? damping : 1)) });
    reasons.sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
    reasons.splice(MAX_REASONS);
    if (fromText > 0) reasons.push({ signal: 'text:instruction', evidence: instructionWords.map((w) => `"${w}"`).join(', ') });
    if (damping < 1) reasons.push({ signal: 'context:awareness', evidence: awarenessWords.map((w) => `"${w}"`).join(', '), weight: round(damping - 1) });
  }
  const verdict: Verdict =
    level === 'none' ? { level, score: round(topScore), reasons } : { level, category: top, score: round(topScore), reasons };
  return { verdict, scores, raw, action: round(action), awareness: round(awareness), damping, signals, indicators, modelVersion: model.version };
}
