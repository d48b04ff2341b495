/**
 * The LEXICON (lexicon.json, hand-written by maintainers; formerly the whole rule model, format version 1): phrase
 * lists per scam type and language, awareness (anti-fraud warning) words, negation cues, button action words,
 * instruction phrases, brands for phishing. The learned model (model.ts, format version 2) embeds it and turns
 * its matches into features (`lex:<type>`, `sig:button:<action>`, `lex:awareness` …) whose weights are learned.
 * Its own numbers (phrase weights, signal weights, thresholds) are inputs to those features or unused; verdicts
 * come from the learned heads. Documented for maintainers in ./README.md.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../zod.ts';
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
  'brand:named-in-text',
] as const;
export type Signal = (typeof SIGNALS)[number];

/* The schema is built on its first use (src/core/zod.ts, src/core/lazy.ts): the service worker loads this module at every wake, and
 * checkLexicon (below) does its work on the model load path; the schema is the specification it is held to. */
export const lexiconSchema = lazySchema(() => {
  const Weight = z.number().check(z.gte(-5), z.lte(5));
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
  const PhrasesByLang = z.record(z.string().check(z.minLength(2), z.maxLength(10)), PhraseMap);
  const SignalWeights = z.partialRecord(z.enum(SIGNALS), Weight);
  const Thresholds = z
    .object({
      /** Score (0..1) from which the verdict is 'caution'. */
      caution: z.number().check(z.gt(0), z.lt(1)),
      /** Score (0..1) from which the verdict is 'warn' — if the page also asks for action. */
      warn: z.number().check(z.gt(0), z.lt(1)),
      /** Minimum action strength (sum of `action.weights` that fired) for 'warn'. */
      warnMinAction: z.number().check(z.gte(0)),
      /** Minimum action strength for 'caution' (an article that asks nothing of the reader stays 'none'). */
      cautionMinAction: z.number().check(z.gte(0)),
    })
    .check(z.refine((t) => t.warn > t.caution, 'warn must be above caution'));

  return z.object({
    format: z.literal('scamsentinel-classifier'),
    formatVersion: z.literal(1),
    /** Data version, e.g. "2026.11.25-1"; shown in reasons/debug and bumped on every change. */
    version: z.string().check(z.minLength(1), z.maxLength(40)),
    /** raw → score: score = 1 - exp(-raw / scale). */
    scale: z.number().check(z.positive()),
    /** Each further occurrence of a phrase adds repeatBonus × weight, up to maxRepeats extra occurrences. */
    repeatBonus: z.number().check(z.gte(0), z.lte(1)),
    maxRepeats: z.int().check(z.gte(0), z.lte(20)),
    thresholds: z.object({ page: Thresholds, text: Thresholds }),
    categories: z.record(
      z.enum(SCORED_CATEGORIES as unknown as [ScoredCategory, ...ScoredCategory[]]),
      z.object({ phrases: PhrasesByLang, signals: SignalWeights }),
    ),
    awareness: z.object({
      phrases: PhrasesByLang,
      /** Awareness raw (phrase weights) from which scam scores are damped. */
      threshold: z.number().check(z.positive()),
      /** Multiplier on every type's raw when the page reads as a warning and asks for little; it shrinks further
       *  as awareness grows: dampen × threshold / awareness. */
      dampen: z.number().check(z.gte(0), z.lte(1)),
      /** Multiplier when it reads as a warning but asks for strong actions (IM handle + recharge, wallet…). */
      dampenStrongAction: z.number().check(z.gte(0), z.lte(1)),
      /** Action strength from which `dampenStrongAction` applies. */
      strongAction: z.number().check(z.gte(0)),
    }),
    negation: z.object({
      /** Words that negate what follows in the same clause (请勿, 不会, never, don't …). */
      cues: z.record(z.string().check(z.minLength(2), z.maxLength(10)), z.array(z.string().check(z.minLength(1), z.maxLength(30)))),
      windowCjk: z.int().check(z.gte(0), z.lte(60)),
      windowLatin: z.int().check(z.gte(0), z.lte(120)),
      /** Each negated scam-phrase occurrence adds this much awareness … */
      awarenessPerNegated: z.number().check(z.gte(0)),
      /** … up to this much in total. */
      maxAwareness: z.number().check(z.gte(0)),
    }),
    action: z.object({
      /** Button words per action (any language). */
      buttons: z.record(z.enum(ACTIONS), z.array(z.string().check(z.minLength(1), z.maxLength(40)))),
      /** Instructions in the text that ask the reader to act ("共享屏幕", "call our billing", "send USDT"):
       *  phrase → action weight, summed up to `maxFromPhrases`. They never count towards `awareness.strongAction`. */
      phrases: PhrasesByLang,
      maxFromPhrases: z.number().check(z.gte(0)),
      /** How much each fired signal counts towards "the page asks for action". */
      weights: SignalWeights,
    }),
    brands: z.array(
      z.object({
        name: z.string().check(z.minLength(1)),
        keywords: z.array(z.string().check(z.minLength(2))).check(z.minLength(1)),
        /** Registrable domains (and their subdomains) that legitimately carry the brand's login/payment. */
        domains: z.array(z.string().check(z.minLength(3))).check(z.minLength(1)),
      }),
    ),
  });
});
export type Lexicon = z.infer<ReturnType<typeof lexiconSchema>>;

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

/* ---- checkLexicon: lexiconSchema() as plain code ----
 * The same acceptance and the same output as lexiconSchema().safeParse (a copy holding only the schema's keys, in
 * the schema's order; records in input order, enum-keyed records in enum order; phrase maps by reference), in
 * straight-line code: zod's first pass over the nested schema was ~12 ms of a cold model load in Chromium (most of
 * it compiling and warming zod's generic paths once). lexiconSchema() stays the specification; a unit test
 * (lexicon-check.test.ts) holds the two to the same verdict and the same output on the real lexicon and on
 * thousands of mutations of it. Messages are shorter than zod's (path: what was expected). */
class LexiconError {
  constructor(
    readonly path: readonly (string | number)[],
    readonly message: string,
  ) {}
}
type Path = readonly (string | number)[];
const bad = (path: Path, message: string): never => {
  throw new LexiconError(path, message);
};
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** zod's isPlainObject (records require it). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const ctor = (v as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prot = (ctor as { prototype?: unknown }).prototype;
  return isObject(prot) && Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf');
}
/** Code points, as zod's string min/max count them (a surrogate pair is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}
/* Each check takes the path of the value's container and its key; the full path is built only for an error. */
type Key = string | number;
const at = (path: Path, key: Key): Path => [...path, key];
function obj(v: unknown, path: Path, key: Key): Record<string, unknown> {
  return isObject(v) ? v : bad(at(path, key), 'expected object');
}
function plain(v: unknown, path: Path, key: Key): Record<string, unknown> {
  return isPlainObject(v) ? v : bad(at(path, key), 'expected record');
}
function num(v: unknown, path: Path, key: Key, ok: (n: number) => boolean): number {
  return typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : bad(at(path, key), 'number out of range');
}
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
/** A string's length as zod's min/max count it (code points). */
export function zodStringLength(v: string): number {
  return HIGH_SURROGATE.test(v) ? codePoints(v) : v.length;
}
function str(v: unknown, path: Path, key: Key, min: number, max = Infinity): string {
  if (typeof v !== 'string') return bad(at(path, key), 'expected string');
  // zod counts code points for both bounds
  const n = zodStringLength(v);
  return n >= min && n <= max ? v : bad(at(path, key), `expected ${min}..${max} characters`);
}
function strList(v: unknown, path: Path, key: Key, min: number, max = Infinity, minItems = 0): string[] {
  if (!Array.isArray(v)) return bad(at(path, key), 'expected array');
  if (v.length < minItems) return bad(at(path, key), `expected at least ${minItems} items`);
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    out.push(typeof x === 'string' && x.length >= min && x.length <= max && !HIGH_SURROGATE.test(x) ? x : str(x, at(path, key), i, min, max));
  }
  return out;
}
const WEIGHT = (n: number): boolean => n >= -5 && n <= 5;
const POSITIVE = (n: number): boolean => n > 0;
const NON_NEGATIVE = (n: number): boolean => n >= 0;
const UNIT = (n: number): boolean => n >= 0 && n <= 1;
const OPEN_UNIT = (n: number): boolean => n > 0 && n < 1;
const INT = (lo: number, hi: number) => (n: number): boolean => Number.isInteger(n) && n >= lo && n <= hi;
const PHRASES_MESSAGE = 'phrases must map 1..80-character phrases to weights in −5..5';
/** z.record(string 2..10, PhraseMap): the PhraseMap check above, maps kept by reference. */
function phrasesByLang(v: unknown, path: Path, key: Key): Record<string, Record<string, number>> {
  const r = plain(v, path, key);
  const out: Record<string, Record<string, number>> = {};
  for (const lang of Object.keys(r)) {
    if (lang === '__proto__') continue;
    str(lang, at(path, key), lang, 2, 10);
    const map = r[lang];
    if (!isObject(map)) return bad([...path, key, lang], PHRASES_MESSAGE);
    for (const k of Object.keys(map)) {
      const w = map[k];
      if (k.length === 0 || k.length > 80 || typeof w !== 'number' || !WEIGHT(w)) return bad([...path, key, lang], PHRASES_MESSAGE);
    }
    out[lang] = map as Record<string, number>;
  }
  return out;
}
const SIGNAL_SET: ReadonlySet<string> = new Set(SIGNALS);
/** z.partialRecord(z.enum(SIGNALS), Weight): any subset of the signals, input order. */
function signalWeights(v: unknown, path: Path, key: Key): Partial<Record<Signal, number>> {
  const r = plain(v, path, key);
  const out: Record<string, number> = {};
  for (const k of Object.keys(r)) {
    if (k === '__proto__') continue;
    if (!SIGNAL_SET.has(k)) return bad([...path, key, k], 'unknown signal');
    out[k] = num(r[k], at(path, key), k, WEIGHT);
  }
  return out;
}
/** z.record(z.enum(keys), …): every key, in the enum's order, and no other. */
function exhaustive<T>(v: unknown, path: Path, key: Key, keys: readonly string[], value: (x: unknown, p: Path, k: Key) => T): Record<string, T> {
  const r = plain(v, path, key);
  const here = at(path, key);
  const out: Record<string, T> = {};
  for (const k of keys) out[k] = value(r[k], here, k);
  for (const k in r) if (!keys.includes(k)) return bad([...here, k], 'unrecognized key');
  return out;
}
function lexThresholds(v: unknown, path: Path, key: Key): Lexicon['thresholds']['page'] {
  const t = obj(v, path, key);
  const here = at(path, key);
  const out = {
    caution: num(t.caution, here, 'caution', OPEN_UNIT),
    warn: num(t.warn, here, 'warn', OPEN_UNIT),
    warnMinAction: num(t.warnMinAction, here, 'warnMinAction', NON_NEGATIVE),
    cautionMinAction: num(t.cautionMinAction, here, 'cautionMinAction', NON_NEGATIVE),
  };
  return out.warn > out.caution ? out : bad(here, 'warn must be above caution');
}

function checkLexiconOrThrow(data: unknown): Lexicon {
  if (!isObject(data)) return bad([], 'expected object');
  const l = data;
  const top: Path = [];
  if (l.format !== 'scamsentinel-classifier') bad(['format'], 'expected "scamsentinel-classifier"');
  if (l.formatVersion !== 1) bad(['formatVersion'], 'expected 1');
  const version = str(l.version, top, 'version', 1, 40);
  const scale = num(l.scale, top, 'scale', POSITIVE);
  const repeatBonus = num(l.repeatBonus, top, 'repeatBonus', UNIT);
  const maxRepeats = num(l.maxRepeats, top, 'maxRepeats', INT(0, 20));
  const th = obj(l.thresholds, top, 'thresholds');
  const thresholds = { page: lexThresholds(th.page, ['thresholds'], 'page'), text: lexThresholds(th.text, ['thresholds'], 'text') };
  const categories = exhaustive(l.categories, top, 'categories', SCORED_CATEGORIES, (v, p, k) => {
    const c = obj(v, p, k);
    return { phrases: phrasesByLang(c.phrases, at(p, k), 'phrases'), signals: signalWeights(c.signals, at(p, k), 'signals') };
  }) as Lexicon['categories'];
  const a = obj(l.awareness, top, 'awareness');
  const A: Path = ['awareness'];
  const awareness = {
    phrases: phrasesByLang(a.phrases, A, 'phrases'),
    threshold: num(a.threshold, A, 'threshold', POSITIVE),
    dampen: num(a.dampen, A, 'dampen', UNIT),
    dampenStrongAction: num(a.dampenStrongAction, A, 'dampenStrongAction', UNIT),
    strongAction: num(a.strongAction, A, 'strongAction', NON_NEGATIVE),
  };
  const n = obj(l.negation, top, 'negation');
  const N: Path = ['negation'];
  const cuesIn = plain(n.cues, N, 'cues');
  const cues: Record<string, string[]> = {};
  for (const lang of Object.keys(cuesIn)) {
    if (lang === '__proto__') continue;
    str(lang, ['negation', 'cues'], lang, 2, 10);
    cues[lang] = strList(cuesIn[lang], ['negation', 'cues'], lang, 1, 30);
  }
  const negation = {
    cues,
    windowCjk: num(n.windowCjk, N, 'windowCjk', INT(0, 60)),
    windowLatin: num(n.windowLatin, N, 'windowLatin', INT(0, 120)),
    awarenessPerNegated: num(n.awarenessPerNegated, N, 'awarenessPerNegated', NON_NEGATIVE),
    maxAwareness: num(n.maxAwareness, N, 'maxAwareness', NON_NEGATIVE),
  };
  const ac = obj(l.action, top, 'action');
  const C: Path = ['action'];
  const action = {
    buttons: exhaustive(ac.buttons, C, 'buttons', ACTIONS, (v, p, k) => strList(v, p, k, 1, 40)) as Lexicon['action']['buttons'],
    phrases: phrasesByLang(ac.phrases, C, 'phrases'),
    maxFromPhrases: num(ac.maxFromPhrases, C, 'maxFromPhrases', NON_NEGATIVE),
    weights: signalWeights(ac.weights, C, 'weights'),
  };
  if (!Array.isArray(l.brands)) bad(['brands'], 'expected array');
  const brandsIn = l.brands as unknown[];
  const brands: Lexicon['brands'] = [];
  for (let i = 0; i < brandsIn.length; i++) {
    const b = obj(brandsIn[i], ['brands'], i);
    brands.push({
      name: str(b.name, ['brands', i], 'name', 1),
      keywords: strList(b.keywords, ['brands', i], 'keywords', 2, Infinity, 1),
      domains: strList(b.domains, ['brands', i], 'domains', 3, Infinity, 1),
    });
  }
  return {
    format: 'scamsentinel-classifier', formatVersion: 1, version, scale, repeatBonus, maxRepeats, thresholds, categories, awareness, negation, action, brands,
  };
}

/** lexiconSchema().safeParse without zod (see above): the lexicon, or the path and reason of the first problem. */
export function checkLexicon(data: unknown): { ok: true; value: Lexicon } | { ok: false; path: (string | number)[]; message: string } {
  try {
    return { ok: true, value: checkLexiconOrThrow(data) };
  } catch (e) {
    if (e instanceof LexiconError) return { ok: false, path: [...e.path], message: e.message };
    throw e;
  }
}

export function parseLexicon(data: unknown): Result<Lexicon, 'INVALID_LEXICON'> {
  const r = checkLexicon(data);
  if (!r.ok) return fail('INVALID_LEXICON', `${r.path.join('.')}: ${r.message}`);
  return ok(r.value);
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
