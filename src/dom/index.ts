/** DOM feature extraction for the page classifier (issue 7). Every function takes the Document/Element to read. */
export { extractFeatures, extractFeaturesChecked, extractFeaturesSliced, CLASSIFY_SLICE_BUDGET_MS, CLASSIFY_SYNC_BUDGET_MS, CLASSIFY_TOTAL_BUDGET_MS } from './extract.ts';
export type { ExtractOptions, SlicedExtractOptions } from './extract.ts';
export { DEFAULT_LIMITS, type ExtractLimits } from './walk.ts';
export { gate, type GateResult, type GateOptions } from './gate.ts';
