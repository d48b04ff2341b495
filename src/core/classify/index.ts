/**
 * Page / text classifier (issues 7, 13). Pure: no browser globals; the model is data (model.json, format 4:
 * learned softmax heads over character n-grams + structural signals, zod-validated), trained by `npm run train`
 * from corpus/.
 *
 *   classifyPage(extractFeatures(doc, { url })) → Verdict { level, category, score, reasons }
 *   classifyText('兼职刷单 日结300 加微信 abc123') → Verdict
 * The bundled model is validated and compiled lazily, on the first classification (not at worker start).
 */
import { NO_VERDICT, type Result, type Verdict } from '../types.ts';
import { textFeatures, type PageFeatures } from './features.ts';
import { parseModel, type Model } from './model.ts';
import { analyze, type ClassifyDetail } from './score.ts';
import modelJson from './model.json';

export type { PageFeatures, FieldFeature, FieldKind, LinkFeatures, ImageFeatures, ExtractStats } from './features.ts';
export { FIELD_KINDS, textFeatures } from './features.ts';
export type { Model, ModelFile, Signal, Action, ScoredCategory, Lexicon, Head, ModelClass } from './model.ts';
export { modelFileSchema, parseModel, serializeModel, compileModel, SCORED_CATEGORIES, SIGNALS, ACTIONS, CLASSES, MODEL_FORMAT_VERSION } from './model.ts';
export { lexiconSchema, parseLexicon, compileLexicon } from './lexicon.ts';
export type { ClassifyDetail, ClassifyMode, Contribution } from './score.ts';
export { analyze } from './score.ts';
export { planModel, openModelArtifact, MODEL_REFUSAL_WORDS, type ModelRefusal } from './model-artifact.ts';
export { classifyField, type FieldDescriptor } from './fields.ts';
export { findIndicators, findCrypto, findContacts, type TextIndicators, type CryptoAddress, type ContactHandle } from './indicators.ts';
export { normalizeText, type NormalizedText } from './normalize.ts';

/** Max characters `classifyText` looks at (ads/posts are short; this bounds garbage input). */
export const MAX_CLASSIFY_TEXT_CHARS = 20_000;

let defaultModel: Model | null = null;

/** The bundled model (validated once, on first use). Throws only if the shipped model.json is broken — a build error. */
export function getDefaultModel(): Model {
  if (defaultModel) return defaultModel;
  const r: Result<Model> = parseModel(modelJson);
  if (!r.ok) throw new Error(`bundled classifier model is invalid: ${r.message}`);
  defaultModel = r.value;
  return defaultModel;
}

/** Classify an extracted page. Never throws: on an internal error returns NO_VERDICT. */
export function classifyPage(features: PageFeatures, model: Model = getDefaultModel()): Verdict {
  try {
    return analyze(features, model, 'page').verdict;
  } catch {
    return NO_VERDICT;
  }
}

/** Classify a bare string (ad text, post, `--text`). Never throws. */
export function classifyText(text: string, model: Model = getDefaultModel()): Verdict {
  try {
    return analyze(textFeatures(String(text).slice(0, MAX_CLASSIFY_TEXT_CHARS)), model, 'text').verdict;
  } catch {
    return NO_VERDICT;
  }
}

/** Full breakdown (per-type scores, contributions) for eval, CLI --debug and tests. */
export function explainPage(features: PageFeatures, model: Model = getDefaultModel()): ClassifyDetail {
  return analyze(features, model, 'page');
}
