/**
 * URL risk (issue 6): look-alike brands, homoglyphs and risky link shapes. Pure; no browser globals.
 * `assessUrl(url, opts?)` → Verdict with level none | caution | warn, reasons and `didYouMean`.
 */
export { assessUrl, prepareAssess, WARN_SCORE, CAUTION_SCORE, type AssessOptions } from './assess.ts';
export { skeleton, foldToken } from './skeleton.ts';
export { parseUrl, type ParsedUrl } from './parse-url.ts';
export { WEIGHTS } from './host-signals.ts';
export { boundedOsaDistance } from './edit-distance.ts';
export { DEFAULT_BRANDS, type Brand, type BrandData } from '../brands/index.ts';
