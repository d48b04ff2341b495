/**
 * The LEXICON (lexicon.json, hand-written by maintainers; formerly the whole rule model, format version 1): phrase
 * lists per scam type and language, awareness (anti-fraud warning) words, negation cues, button action words,
 * instruction phrases, brands for phishing. The learned model (model.ts, format version 2) embeds it and turns
 * its matches into features (`lex:<type>`, `sig:button:<action>`, `lex:awareness` …) whose weights are learned.
 * Its own numbers (phrase weights, signal weights, thresholds) are inputs to those features or unused; verdicts
 * come from the learned heads. Documented for maintainers in ./README.md.
 */
import { z } from 'zod';
import { CATEGORIES, fail, ok, type Category, type Result } from '../types.ts';
import { compileMatcher, type CompiledMatcher } from './matcher.ts';
import { normalizePhrase } from './normalize.ts';

/** Scam types the page classifier scores ('malware' is a list-only category). */
export const SCORED_CATEGORIES = CATEGORIES.filter((c) => c !== 'malware');
export type ScoredCategory = Exclude<Category, 'malware'>;

export const ACTIONS = ['recharge', 'withdraw', 'pay', 'grab', 'invest', 'contact', 'apply', 'claim'] as const;
export type Action = (typeof ACTIONS)[number];

/** Fixed signals computed in code; their weights per type are data. */
export const SIGNALS = [
  'field:password',
  'field:card-number',
  'field:card-cvv',
  'field:card-expiry',
  'field:bank-account',
  'field:id-number',
  'field:sms-code',
  'field:amount',
  ...ACTIONS.map((a) => `button:${a}` as const),
  'contact:im',
  'contact:phone',
  'crypto:address',
  'payment:bank-transfer',
  'payment:qr',
  'page:countdown',
  'page:icp',
  'page:no-icp',
  'text:high-return',
  'text:commission',
  'text:daily-pay',
  'brand:off-domain',
  'brand:credential-form',
  'brand:on-domain',
] as const;
export type Signal = (typeof SIGNALS)[number];

const Weight = z.number().min(-5).max(5);
/** phrase (1..80 characters) → weight (−5..5). One plain loop instead of a zod schema per entry: the lexicon has
 *  ~2,000 phrases and per-entry schemas made the first model load (in the service worker) cost tens of ms. */
const PhraseMap = z.custom<Record<string, number>>(
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    for (const [k, w] of Object.entries(v)) if (k.length === 0 || k.length > 80 || typeof w !== 'number' || !(w >= -5 && w <= 5)) return false;
    return true;
  },
  { message: 'phrases must map 1..80-character phrases to weights in −5..5' },
);
/** Language tag → phrase → weight. Tags are for maintainers ('zh', 'en'); all phrases match all text. */
const PhrasesByLang = z.record(z.string().min(2).max(10), PhraseMap);
const SignalWeights = z.partialRecord(z.enum(SIGNALS), Weight);
const Thresholds = z
  .object({
    /** Score (0..1) from which the verdict is 'caution'. */
    caution: z.number().gt(0).lt(1),
    /** Score (0..1) from which the verdict is 'warn' — if the page also asks for action. */
    warn: z.number().gt(0).lt(1),
    /** Minimum action strength (sum of `action.weights` that fired) for 'warn'. */
    warnMinAction: z.number().min(0),
    /** Minimum action strength for 'caution' (an article that asks nothing of the reader stays 'none'). */
    cautionMinAction: z.number().min(0),
  })
  .refine((t) => t.warn > t.caution, 'warn must be above caution');

export const LexiconSchema = z.object({
  format: z.literal('scamsentinel-classifier'),
  formatVersion: z.literal(1),
  /** Data version, e.g. "2026.11.25-1"; shown in reasons/debug and bumped on every change. */
  version: z.string().min(1).max(40),
  /** raw → score: score = 1 - exp(-raw / scale). */
  scale: z.number().positive(),
  /** Each further occurrence of a phrase adds repeatBonus × weight, up to maxRepeats extra occurrences. */
  repeatBonus: z.number().min(0).max(1),
  maxRepeats: z.number().int().min(0).max(20),
  thresholds: z.object({ page: Thresholds, text: Thresholds }),
  categories: z.record(
    z.enum(SCORED_CATEGORIES as unknown as [ScoredCategory, ...ScoredCategory[]]),
    z.object({ phrases: PhrasesByLang, signals: SignalWeights }),
  ),
  awareness: z.object({
    phrases: PhrasesByLang,
    /** Awareness raw (phrase weights) from which scam scores are damped. */
    threshold: z.number().positive(),
    /** Multiplier on every type's raw when the page reads as a warning and asks for little; it shrinks further
     *  as awareness grows: dampen × threshold / awareness. */
    dampen: z.number().min(0).max(1),
    /** Multiplier when it reads as a warning but asks for strong actions (IM handle + recharge, wallet…). */
    dampenStrongAction: z.number().min(0).max(1),
    /** Action strength from which `dampenStrongAction` applies. */
    strongAction: z.number().min(0),
  }),
  negation: z.object({
    /** Words that negate what follows in the same clause (请勿, 不会, never, don't …). */
    cues: z.record(z.string().min(2).max(10), z.array(z.string().min(1).max(30))),
    windowCjk: z.number().int().min(0).max(60),
    windowLatin: z.number().int().min(0).max(120),
    /** Each negated scam-phrase occurrence adds this much awareness … */
    awarenessPerNegated: z.number().min(0),
    /** … up to this much in total. */
    maxAwareness: z.number().min(0),
  }),
  action: z.object({
    /** Button words per action (any language). */
    buttons: z.record(z.enum(ACTIONS), z.array(z.string().min(1).max(40))),
    /** Instructions in the text that ask the reader to act ("共享屏幕", "call our billing", "send USDT"):
     *  phrase → action weight, summed up to `maxFromPhrases`. They never count towards `awareness.strongAction`. */
    phrases: PhrasesByLang,
    maxFromPhrases: z.number().min(0),
    /** How much each fired signal counts towards "the page asks for action". */
    weights: SignalWeights,
  }),
  brands: z.array(
    z.object({
      name: z.string().min(1),
      keywords: z.array(z.string().min(2)).min(1),
      /** Registrable domains (and their subdomains) that legitimately carry the brand's login/payment. */
      domains: z.array(z.string().min(3)).min(1),
    }),
  ),
});
export type Lexicon = z.infer<typeof LexiconSchema>;

export type MatchData =
  | { readonly kind: 'category'; readonly category: ScoredCategory; readonly weight: number }
  | { readonly kind: 'awareness'; readonly weight: number }
  | { readonly kind: 'action'; readonly weight: number }
  | { readonly kind: 'brand'; readonly index: number };

export interface CompiledLexicon {
  readonly model: Lexicon;
  readonly text: CompiledMatcher<MatchData>;
  readonly buttons: CompiledMatcher<Action>;
  readonly negationCues: CompiledMatcher<null>;
}

/** The same phrase listed twice for one type (e.g. "usdt" under zh and en) counts once, at its highest weight. */
function dedupe(items: { phrase: string; data: MatchData }[]): { phrase: string; data: MatchData }[] {
  const best = new Map<string, { phrase: string; data: MatchData }>();
  for (const it of items) {
    const d = it.data;
    const id = `${d.kind}|${d.kind === 'category' ? d.category : d.kind === 'brand' ? d.index : ''}|${normalizePhrase(it.phrase)}`;
    const prev = best.get(id);
    const w = (x: MatchData): number => (x.kind === 'brand' ? 0 : x.weight);
    if (!prev || w(d) > w(prev.data)) best.set(id, it);
  }
  return [...best.values()];
}

export function parseLexicon(data: unknown): Result<Lexicon, 'INVALID_LEXICON'> {
  const r = LexiconSchema.safeParse(data);
  if (!r.success) return fail('INVALID_LEXICON', r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return ok(r.data);
}

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

export function compileLexicon(model: Lexicon): CompiledLexicon {
  const hit = compiled.get(model);
  if (hit) return hit;
  const items: { phrase: string; data: MatchData }[] = [];
  for (const [category, def] of Object.entries(model.categories) as [ScoredCategory, Lexicon['categories'][ScoredCategory]][]) {
    for (const map of Object.values(def.phrases))
      for (const [phrase, weight] of Object.entries(map)) items.push({ phrase, data: { kind: 'category', category, weight } });
  }
  for (const map of Object.values(model.awareness.phrases))
    for (const [phrase, weight] of Object.entries(map)) items.push({ phrase, data: { kind: 'awareness', weight } });
  for (const map of Object.values(model.action.phrases))
    for (const [phrase, weight] of Object.entries(map)) items.push({ phrase, data: { kind: 'action', weight } });
  model.brands.forEach((b, index) => {
    for (const k of b.keywords) items.push({ phrase: k, data: { kind: 'brand', index } });
  });
  const buttonItems: { phrase: string; data: Action }[] = [];
  for (const [action, words] of Object.entries(model.action.buttons) as [Action, string[]][])
    for (const w of words) buttonItems.push({ phrase: w, data: action });
  const cues: { phrase: string; data: null }[] = [];
  for (const list of Object.values(model.negation.cues)) for (const phrase of list) cues.push({ phrase, data: null });
  const c: CompiledLexicon = {
    model,
    text: compileMatcher(dedupe(items)),
    buttons: compileMatcher(buttonItems),
    negationCues: compileMatcher(cues),
  };
  compiled.set(model, c);
  return c;
}
