/**
 * The learned classifier model (format version 4): DATA produced by `npm run train` from corpus/ and shipped as
 * model.json (and, signed, through the list feed). Validated, decoded and compiled once into lookup tables.
 *
 * The file (modelFileSchema()):
 *   {
 *     format: "scamsentinel-classifier", formatVersion: 4, version: "4-1a2b3c4d5e6f", release: 2,
 *     classes: ["legit", "task-rebate", …, "other"],          // softmax over legit + the 7 scored types
 *     lexicon: { …lexicon.json… },                           // word lists the structural features are built from
 *     heads: {
 *       page: { features: "抢单\ndeposit now\nsig:button:recharge\n…"  (one feature per line, readable),
 *               weights: "<base64 of little-endian int16, row-major: one row of |classes| per feature, ÷ quant>",
 *               bias: [per class], quant: 1000, thresholds: { caution: 0.6, warn: 0.9 }, maxTextChars: 8000,
 *               charGrams: 300 },   // character 3–5-grams of Latin words per text (format 4; 0 = none)
 *       text: { … same shape, trained on short texts (ads, SMS, posts) … }
 *     },
 *     training: { corpus: "<sha256 of the corpus files>", seed, …hyper-parameters }
 *   }
 * Format 2 stored the weights as a JSON array of ~100,000 numbers: parsing and checking them was most of a 44 ms
 * model load in the service worker (budget 20 ms). Format 3's two strings per head parse in one step, decode in a
 * plain loop, and int16 bounds every weight by construction.
 * In memory (Model): features string[], weights Int16Array. serializeModel() writes the file form.
 * Score of a page: p = softmax(bias + Σ x_f · w_f); scam score = 1 − p(legit); type = the most likely scam class.
 * Level: warn when score ≥ thresholds.warn, caution when ≥ thresholds.caution (chosen on a validation split).
 */
import * as z from 'zod/mini';
import { lazySchema } from '../zod.ts';
import { fail, ok, type Result } from '../types.ts';
import { checkLexicon, lexiconSchema, SCORED_CATEGORIES, zodStringLength, type Lexicon, type ScoredCategory } from './lexicon.ts';

export { SCORED_CATEGORIES, SIGNALS, ACTIONS, type ScoredCategory, type Signal, type Action, type Lexicon } from './lexicon.ts';

export const MODEL_FORMAT = 'scamsentinel-classifier';
export const CLASSES = ['legit', ...SCORED_CATEGORIES] as const;
export type ModelClass = (typeof CLASSES)[number];

/** Feature strings: grams (no ':') or structural names (`sig:…`, `lex:…`, `act:…`), 1..60 characters, distinct,
 *  no line breaks (the file joins them with "\n"). */
const MAX_FEATURE_CHARS = 60;
const MAX_FEATURES = 60_000;
/** 4: heads carry `charGrams` (character n-grams of Latin words, vectorize.ts); a format-3 reader would score a
 *  format-4 model without them, so the feed refuses it to older extensions (MODEL_CLIENT_TOO_OLD). */
export const MODEL_FORMAT_VERSION = 4;

/* Every schema here is built on its first use (src/core/zod.ts, src/core/lazy.ts): the service worker loads this module at every wake
 * and parses a model only when it first classifies a page. */
const thresholdsSchema = lazySchema(() =>
  z
    .object({ caution: z.number().check(z.gt(0), z.lt(1)), warn: z.number().check(z.gt(0), z.lt(1)) })
    .check(z.refine((t) => t.warn >= t.caution, 'warn must not be below caution')),
);

/* Checked in plain loops after the schema (one string each): per-element schemas over ~100,000 weights and
 * ~12,000 features were most of the model load time. */
const headFileSchema = lazySchema(() =>
  z.object({
    features: z.string().check(z.minLength(1), z.maxLength(MAX_FEATURES * (MAX_FEATURE_CHARS * 4 + 1))),
    /** base64; its characters are checked by the decoder (base64ToBytes), not by a regular expression over ~130 KB. */
    weights: z.string().check(z.maxLength(MAX_FEATURES * 16 * 2)),
    /** z.number() is finite already (it refuses NaN and ±Infinity). */
    bias: z.array(z.number()).check(z.length(CLASSES.length)),
    quant: z.number().check(z.positive()),
    thresholds: thresholdsSchema(),
    maxTextChars: z.int().check(z.gte(100), z.lte(100_000)),
    /** Character 3–5-grams of Latin words per text, at most (0 = none). */
    charGrams: z.int().check(z.gte(0), z.lte(5_000)),
  }),
);
type HeadFile = z.infer<ReturnType<typeof headFileSchema>>;

export interface Head {
  readonly features: readonly string[];
  /** Quantised weights (÷ quant), row-major: |features| rows of |classes|. */
  readonly weights: Int16Array;
  readonly bias: readonly number[];
  readonly quant: number;
  readonly thresholds: { readonly caution: number; readonly warn: number };
  readonly maxTextChars: number;
  /** Distinct character 3–5-grams of Latin words read per text (0 = none; vectorize.ts). */
  readonly charGrams: number;
}

export const modelFileSchema = lazySchema(() =>
  z.object({
    format: z.literal(MODEL_FORMAT),
    formatVersion: z.literal(MODEL_FORMAT_VERSION),
    /** Data version: "<format>-" + a digest of the weights; shown by eval and CLI --debug. */
    version: z.string().check(z.minLength(1), z.maxLength(40)),
    /** Release number: goes up with every retrained model that ships (bundled or through the feed). The worker uses a
     *  feed model only when its release is above the bundled one's (model-artifact.ts). */
    release: z.int().check(z.gte(1), z.lte(1_000_000_000)),
    classes: z
      .array(z.string())
      .check(
        z.refine(
          (c) => c.length === CLASSES.length && c.every((x, i) => x === CLASSES[i]),
          'classes must be legit followed by the scored types, in order',
        ),
      ),
    lexicon: lexiconSchema(),
    heads: z.object({ page: headFileSchema(), text: headFileSchema() }),
    /** Provenance of the training run (corpus digest, seed, hyper-parameters): informational. */
    training: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
  }),
);
export type ModelFile = z.infer<ReturnType<typeof modelFileSchema>>;

/* ---- checkModelFields: modelFileSchema() without `lexicon` and `training`, as plain code ----
 * The same acceptance and the same output as modelFileSchema().omit({ lexicon: true, training: true }).safeParse
 * (a copy holding only the schema's keys, in its order), without zod: checkLexicon and checkTraining (below) check
 * the other two fields the same way. Once no schema was built at module load (issue 18), zod's cold start — its
 * code compiled and first run when the first schema is built and used — landed in the model load (~6 ms in Node on
 * a fresh context). modelFileSchema() stays the specification; model-check.test.ts holds the two to the same
 * verdict and output on the real model and on mutations of it. First problem only; messages are shorter than zod's. */
export type CheckedModelFields = Pick<ModelFile, 'format' | 'formatVersion' | 'version' | 'release' | 'classes' | 'heads'>;
class FieldError {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}
const need = (cond: boolean, path: string, message: string): void => {
  if (!cond) throw new FieldError(path, message);
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
function fieldObject(v: unknown, path: string): Record<string, unknown> {
  need(isObj(v), path, 'expected object');
  return v as Record<string, unknown>;
}
function fieldString(v: unknown, path: string, min: number, max: number): string {
  need(typeof v === 'string', path, 'expected string');
  const n = zodStringLength(v as string);
  need(n >= min && n <= max, path, `expected ${min}..${max} characters`);
  return v as string;
}
function fieldNumber(v: unknown, path: string, ok: (n: number) => boolean, expected: string): number {
  need(isNum(v) && ok(v), path, `expected ${expected}`);
  return v as number;
}
const intIn = (lo: number, hi: number) => (n: number): boolean => Number.isSafeInteger(n) && n >= lo && n <= hi;
const OPEN_UNIT = (n: number): boolean => n > 0 && n < 1;
function checkHeadFile(v: unknown, path: string): HeadFile {
  const h = fieldObject(v, path);
  const features = fieldString(h.features, `${path}.features`, 1, MAX_FEATURES * (MAX_FEATURE_CHARS * 4 + 1));
  const weights = fieldString(h.weights, `${path}.weights`, 0, MAX_FEATURES * 16 * 2);
  need(Array.isArray(h.bias), `${path}.bias`, 'expected array');
  const biasIn = h.bias as unknown[];
  const bias: number[] = [];
  for (let i = 0; i < biasIn.length; i++) bias.push(fieldNumber(biasIn[i], `${path}.bias.${i}`, () => true, 'finite number'));
  need(bias.length === CLASSES.length, `${path}.bias`, `expected ${CLASSES.length} items`);
  const quant = fieldNumber(h.quant, `${path}.quant`, (n) => n > 0, 'positive number');
  const t = fieldObject(h.thresholds, `${path}.thresholds`);
  const caution = fieldNumber(t.caution, `${path}.thresholds.caution`, OPEN_UNIT, 'number in (0, 1)');
  const warn = fieldNumber(t.warn, `${path}.thresholds.warn`, OPEN_UNIT, 'number in (0, 1)');
  need(warn >= caution, `${path}.thresholds`, 'warn must not be below caution');
  const maxTextChars = fieldNumber(h.maxTextChars, `${path}.maxTextChars`, intIn(100, 100_000), 'integer in 100..100000');
  const charGrams = fieldNumber(h.charGrams, `${path}.charGrams`, intIn(0, 5_000), 'integer in 0..5000');
  return { features, weights, bias, quant, thresholds: { caution, warn }, maxTextChars, charGrams };
}
/** modelFileSchema() without `lexicon` and `training`, in plain code: the fields, or the path and reason of the first problem. */
export function checkModelFields(data: unknown): { ok: true; value: CheckedModelFields } | { ok: false; path: string; message: string } {
  try {
    const m = fieldObject(data, '');
    need(m.format === MODEL_FORMAT, 'format', `expected "${MODEL_FORMAT}"`);
    need(m.formatVersion === MODEL_FORMAT_VERSION, 'formatVersion', `expected ${MODEL_FORMAT_VERSION}`);
    const version = fieldString(m.version, 'version', 1, 40);
    const release = fieldNumber(m.release, 'release', intIn(1, 1_000_000_000), 'integer in 1..1000000000');
    need(Array.isArray(m.classes), 'classes', 'expected array');
    const classesIn = m.classes as unknown[];
    const classes: string[] = [];
    for (let i = 0; i < classesIn.length; i++) classes.push(fieldString(classesIn[i], `classes.${i}`, 0, Infinity));
    need(classes.length === CLASSES.length && classes.every((x, i) => x === CLASSES[i]), 'classes', 'classes must be legit followed by the scored types, in order');
    const h = fieldObject(m.heads, 'heads');
    const heads = { page: checkHeadFile(h.page, 'heads.page'), text: checkHeadFile(h.text, 'heads.text') };
    return { ok: true, value: { format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, version, release, classes, heads } };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, path: e.path, message: e.message };
    throw e;
  }
}

/** modelFileSchema()'s `training` (an optional record of strings, finite numbers and booleans, copied in key order)
 *  in plain code: zod's record and union paths cost ~1–2 ms to compile on a cold load for five informational values.
 *  tests/unit/core/classify/model.test.ts holds it to the schema's verdict. */
function checkTraining(v: unknown): { ok: true; value: Record<string, string | number | boolean> | undefined } | { ok: false; message: string } {
  if (v === undefined) return { ok: true, value: undefined };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, message: 'training: expected record' };
  const ctor = (v as { constructor?: unknown }).constructor;
  if (typeof ctor === 'function') {
    const prot = (ctor as { prototype?: unknown }).prototype;
    if (typeof prot !== 'object' || prot === null || Array.isArray(prot) || !Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf'))
      return { ok: false, message: 'training: expected record' };
  }
  const out: Record<string, string | number | boolean> = {};
  for (const k of Object.keys(v)) {
    if (k === '__proto__') continue;
    const x = (v as Record<string, unknown>)[k];
    if (!(typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)))) return { ok: false, message: `training.${k}: expected string, number or boolean` };
    out[k] = x;
  }
  return { ok: true, value: out };
}

export interface Model {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: typeof MODEL_FORMAT_VERSION;
  readonly version: string;
  readonly release: number;
  readonly classes: readonly string[];
  readonly lexicon: Lexicon;
  heads: { page: Head; text: Head };
  training?: Record<string, string | number | boolean>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

type FromBase64 = (s: string) => Uint8Array;

/** Base64 → bytes: the engine's own decoder when it has one (`Uint8Array.fromBase64`; a cold model load spent most
 *  of its time in a JS loop over ~260 KB), else a plain loop. Null on anything that is not canonical base64. */
export function base64ToBytes(s: string): Uint8Array | null {
  const native = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
  if (typeof native === 'function') {
    if (s.length % 4 !== 0) return null;
    try {
      return native(s);
    } catch {
      return null;
    }
  }
  return base64ToBytesLoop(s);
}

export function base64ToBytesLoop(s: string): Uint8Array | null {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (s.length % 4 !== 0 || s.length - end > 2) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? (B64_INDEX[c] ?? -1) : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function bytesToBase64(b: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = ((b[i] ?? 0) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + B64.charAt((n >> 6) & 63) + B64.charAt(n & 63);
  }
  const rest = b.length - i;
  if (rest === 1) {
    const n = (b[i] ?? 0) << 16;
    out += `${B64.charAt(n >> 18)}${B64.charAt((n >> 12) & 63)}==`;
  } else if (rest === 2) {
    const n = ((b[i] ?? 0) << 16) | ((b[i + 1] ?? 0) << 8);
    out += `${B64.charAt(n >> 18)}${B64.charAt((n >> 12) & 63)}${B64.charAt((n >> 6) & 63)}=`;
  }
  return out;
}

/** Row index of each feature, built while validating (the compiled head reuses it). */
const indexOf = new WeakMap<Head, Map<string, number>>();
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function decodeHead(h: HeadFile, name: string): Result<Head, 'INVALID_MODEL'> {
  const features = h.features.split('\n');
  if (features.length > MAX_FEATURES) return fail('INVALID_MODEL', `heads.${name}.features: more than ${MAX_FEATURES} features`);
  const index = new Map<string, number>();
  for (let i = 0; i < features.length; i++) {
    const f = features[i] ?? '';
    if (f.length === 0 || f.length > MAX_FEATURE_CHARS) return fail('INVALID_MODEL', `heads.${name}.features: features must be distinct strings of 1..${MAX_FEATURE_CHARS} characters`);
    index.set(f, i);
  }
  if (index.size !== features.length) return fail('INVALID_MODEL', `heads.${name}.features: features must be distinct strings of 1..${MAX_FEATURE_CHARS} characters`);
  const bytes = base64ToBytes(h.weights);
  if (!bytes) return fail('INVALID_MODEL', `heads.${name}.weights: not base64`);
  if (bytes.length !== features.length * CLASSES.length * 2) return fail('INVALID_MODEL', `heads.${name}.weights: must have |features| × |classes| int16 entries`);
  let weights: Int16Array;
  if (LITTLE_ENDIAN) weights = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  else {
    weights = new Int16Array(bytes.length / 2);
    for (let i = 0; i < weights.length; i++) {
      const v = (bytes[2 * i] ?? 0) | ((bytes[2 * i + 1] ?? 0) << 8);
      weights[i] = v >= 0x8000 ? v - 0x10000 : v;
    }
  }
  const head: Head = { features, weights, bias: h.bias, quant: h.quant, thresholds: h.thresholds, maxTextChars: h.maxTextChars, charGrams: h.charGrams };
  indexOf.set(head, index);
  return ok(head);
}

function encodeHead(h: Head): HeadFile {
  const bytes = new Uint8Array(h.weights.length * 2);
  for (let i = 0; i < h.weights.length; i++) {
    const v = h.weights[i] ?? 0;
    bytes[2 * i] = v & 0xff;
    bytes[2 * i + 1] = (v >> 8) & 0xff;
  }
  return { features: h.features.join('\n'), weights: bytesToBase64(bytes), bias: [...h.bias], quant: h.quant, thresholds: { ...h.thresholds }, maxTextChars: h.maxTextChars, charGrams: h.charGrams };
}

/** The file form of a model (what model.json and a feed's model artefact hold). */
export function serializeModel(m: Model): ModelFile {
  return {
    format: m.format,
    formatVersion: m.formatVersion,
    version: m.version,
    release: m.release,
    classes: [...m.classes],
    lexicon: m.lexicon,
    heads: { page: encodeHead(m.heads.page), text: encodeHead(m.heads.text) },
    ...(m.training ? { training: { ...m.training } } : {}),
  };
}

export function parseModel(data: unknown): Result<Model, 'INVALID_MODEL'> {
  // No zod on the load path: every field is checked in plain code, held to modelFileSchema() by unit tests.
  const r = checkModelFields(data);
  if (!r.ok) return fail('INVALID_MODEL', `${r.path || 'model'}: ${r.message}`);
  const training = checkTraining((data as { training?: unknown }).training);
  if (!training.ok) return fail('INVALID_MODEL', training.message);
  const lexicon = checkLexicon((data as { lexicon?: unknown }).lexicon);
  if (!lexicon.ok) return fail('INVALID_MODEL', `lexicon${lexicon.path.map((p) => `.${p}`).join('')}: ${lexicon.message}`);
  const page = decodeHead(r.value.heads.page, 'page');
  if (!page.ok) return page;
  const text = decodeHead(r.value.heads.text, 'text');
  if (!text.ok) return text;
  const d = r.value;
  return ok({
    format: d.format, formatVersion: d.formatVersion, version: d.version, release: d.release, classes: d.classes, lexicon: lexicon.value,
    heads: { page: page.value, text: text.value },
    ...(training.value ? { training: training.value } : {}),
  });
}

export interface CompiledHead {
  readonly head: Head;
  /** feature → row index into the weights (row × |classes|). */
  readonly index: ReadonlyMap<string, number>;
  /** 1 / quant: weight(row, k) = fround(head.weights[row × |classes| + k] × scale) (see weightAt). */
  readonly scale: number;
}

/** A dequantised weight, exactly the float32 a dequantised table would hold (Math.fround of the same product): the
 *  ~100,000 weights are not converted at load, only the few hundred rows a page uses, when it uses them. */
export function weightAt(head: CompiledHead, i: number): number {
  return Math.fround((head.head.weights[i] ?? 0) * head.scale);
}

export interface CompiledModel {
  readonly model: Model;
  readonly page: CompiledHead;
  readonly text: CompiledHead;
}

function compileHead(head: Head): CompiledHead {
  let index = indexOf.get(head);
  if (!index) {
    index = new Map<string, number>();
    for (let i = 0; i < head.features.length; i++) index.set(head.features[i] ?? '', i);
  }
  return { head, index, scale: 1 / head.quant };
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
