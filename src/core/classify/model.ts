/**
 * The learned classifier model (format version 2): DATA produced by `npm run train` from corpus/ and shipped as
 * model.json (later also through the signed list feed). Validated with zod, compiled once into lookup tables.
 *
 *   {
 *     format: "scamsentinel-classifier", formatVersion: 2, version: "2026.12.03-1",
 *     classes: ["legit", "task-rebate", …, "other"],          // softmax over legit + the 7 scored types
 *     lexicon: { …lexicon.json… },                           // word lists the structural features are built from
 *     heads: {
 *       page: { features: ["抢单", "deposit now", "sig:button:recharge", …],
 *               weights: [w(f0,c0), w(f0,c1), … ] (integers, ÷ quant; row-major: one row of |classes| per feature),
 *               bias: [per class], quant: 1000, thresholds: { caution: 0.6, warn: 0.9 }, maxTextChars: 8000 },
 *       text: { … same shape, trained on short texts (ads, SMS, posts) … }
 *     },
 *     training: { corpus: "<sha256 of the corpus files>", seed, …hyper-parameters }
 *   }
 * Score of a page: p = softmax(bias + Σ x_f · w_f); scam score = 1 − p(legit); type = the most likely scam class.
 * Level: warn when score ≥ thresholds.warn, caution when ≥ thresholds.caution (chosen on a validation split).
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../types.ts';
import { LexiconSchema, SCORED_CATEGORIES, type Lexicon, type ScoredCategory } from './lexicon.ts';

export { SCORED_CATEGORIES, SIGNALS, ACTIONS, type ScoredCategory, type Signal, type Action, type Lexicon } from './lexicon.ts';

export const MODEL_FORMAT = 'scamsentinel-classifier';
export const MODEL_FORMAT_VERSION = 2;
export const CLASSES = ['legit', ...SCORED_CATEGORIES] as const;
export type ModelClass = (typeof CLASSES)[number];

/** Feature strings: grams (no ':') or structural names (`sig:…`, `lex:…`, `act:…`), 1..60 characters, distinct. */
const MAX_FEATURE_CHARS = 60;
const MAX_WEIGHT = 1_000_000;
/* Checked in one plain loop each: a head has ~6,000 features and ~48,000 weights, and per-element zod schemas
 * took ~200 ms to load the model (the budget is 20 ms). */
const FeatureList = z.custom<string[]>(
  (v) => {
    if (!Array.isArray(v) || v.length > 60_000) return false;
    const seen = new Set<string>();
    for (const f of v) {
      if (typeof f !== 'string' || f.length === 0 || f.length > MAX_FEATURE_CHARS || seen.has(f)) return false;
      seen.add(f);
    }
    return true;
  },
  { message: `features must be distinct strings of 1..${MAX_FEATURE_CHARS} characters` },
);
const WeightList = z.custom<number[]>(
  (v) => Array.isArray(v) && v.every((w) => Number.isInteger(w) && w >= -MAX_WEIGHT && w <= MAX_WEIGHT),
  { message: `weights must be integers within ±${MAX_WEIGHT}` },
);

const HeadSchema = z
  .object({
    features: FeatureList,
    weights: WeightList,
    bias: z.array(z.number().finite()).length(CLASSES.length),
    quant: z.number().positive(),
    thresholds: z
      .object({ caution: z.number().gt(0).lt(1), warn: z.number().gt(0).lt(1) })
      .refine((t) => t.warn >= t.caution, 'warn must not be below caution'),
    maxTextChars: z.number().int().min(100).max(100_000),
  })
  .refine((h) => h.weights.length === h.features.length * CLASSES.length, 'weights must have |features| × |classes| entries');
export type Head = z.infer<typeof HeadSchema>;

export const ModelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  /** Data version, e.g. "2026.12.03-1"; shown by eval and CLI --debug. */
  version: z.string().min(1).max(40),
  classes: z
    .array(z.string())
    .refine((c) => c.length === CLASSES.length && c.every((x, i) => x === CLASSES[i]), 'classes must be legit followed by the scored types, in order'),
  lexicon: LexiconSchema,
  heads: z.object({ page: HeadSchema, text: HeadSchema }),
  /** Provenance of the training run (corpus digest, seed, hyper-parameters): informational. */
  training: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type Model = z.infer<typeof ModelSchema>;

export function parseModel(data: unknown): Result<Model, 'INVALID_MODEL'> {
  const r = ModelSchema.safeParse(data);
  if (!r.success) return fail('INVALID_MODEL', r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return ok(r.data);
}

export interface CompiledHead {
  readonly head: Head;
  /** feature → row index into `weights` (row × |classes|). */
  readonly index: ReadonlyMap<string, number>;
  /** Dequantised weights, row-major. */
  readonly weights: Float64Array;
}

export interface CompiledModel {
  readonly model: Model;
  readonly page: CompiledHead;
  readonly text: CompiledHead;
}

function compileHead(head: Head): CompiledHead {
  const index = new Map<string, number>();
  head.features.forEach((f, i) => index.set(f, i));
  const weights = new Float64Array(head.weights.length);
  for (let i = 0; i < weights.length; i++) weights[i] = (head.weights[i] ?? 0) / head.quant;
  return { head, index, weights };
}

const compiled = new WeakMap<Model, CompiledModel>();

export function compileModel(model: Model): CompiledModel {
  const hit = compiled.get(model);
  if (hit) return hit;
  const c: CompiledModel = { model, page: compileHead(model.heads.page), text: compileHead(model.heads.text) };
  compiled.set(model, c);
  return c;
}

/** The lexicon a model carries (its word lists drive the structural features and payment intent). */
export function lexiconOf(model: Model): Lexicon {
  return model.lexicon;
}

export function classIndex(c: ModelClass | ScoredCategory): number {
  return (CLASSES as readonly string[]).indexOf(c);
}
