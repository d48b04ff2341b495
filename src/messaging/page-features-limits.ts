/**
 * The caps on PageFeatures as they travel from a content script to the worker: the schema refuses anything longer
 * (page-features-schema.ts), and the content script cuts to them before sending (checker.ts `toWire`), so that a page
 * cannot get its own features refused — a refused second check used to leave the page judged by its URL alone, i.e.
 * clean (red team class 12: `<html lang="en-xxxx…">`). Plain data: content.js imports it without zod.
 */
export const FEATURE_LIMITS = {
  url: 8192,
  host: 253,
  lang: 35,
  title: 1000,
  text: 100_000,
  headings: { max: 200, item: 500 },
  buttons: { max: 300, item: 200 },
  fields: { max: 300, evidence: 300 },
  linkHosts: { max: 2000, item: 253 },
  contactLinks: { max: 200, item: 500 },
  qrNearPay: { max: 50, item: 300 },
} as const;
