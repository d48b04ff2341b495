/**
 * gateText(sample): the cheap "is this page worth a full extraction?" decision on a text sample (title + the first
 * visible text nodes), taken by the service worker so the content script ships no normaliser, no traditional→
 * simplified table and no word list (src/dom/gate.ts collects the sample; the sensitive-input probe is DOM-side).
 */
import { GATE_TRIGGERS } from './gate-triggers.ts';
import { normalizeText } from './normalize.ts';

/** The sample: title + visible text until GATE_MAX_CHARS, each text node cut at GATE_NODE_MAX_CHARS. */
export const GATE_MAX_CHARS = 6_000;
export const GATE_NODE_MAX_CHARS = 500;
export const GATE_SAMPLE_MAX_CHARS = GATE_MAX_CHARS + GATE_NODE_MAX_CHARS;

/** TRON / Ethereum address shapes (cheap, linear). */
const WALLET_HINT = /(?<![0-9A-Za-z])(?:T[1-9A-HJ-NP-Za-km-z]{33}|0x[0-9a-fA-F]{40})(?![0-9A-Za-z])/;

export interface GateResult {
  readonly pass: boolean;
  /** What triggered (a selector or words), for debugging. */
  readonly reasons: readonly string[];
}

export interface GateOptions {
  readonly triggers?: readonly string[];
}

/** Trigger words / a wallet address in `sample`; `sensitive` = the page has a password / card / OTP / amount field. */
export function gateText(sample: string, sensitive: boolean, opts: GateOptions = {}): GateResult {
  const reasons: string[] = [];
  if (sensitive) reasons.push('sensitive input');
  const norm = normalizeText(sample);
  const words = (opts.triggers ?? GATE_TRIGGERS).filter((t) => norm.spaced.includes(t) || norm.compact.includes(t));
  if (words.length > 0) reasons.push(`words: ${words.slice(0, 5).join(', ')}`);
  // A wallet address is worth an extraction on its own: it may be one the lists know from scam reports.
  if (WALLET_HINT.test(sample)) reasons.push('wallet address');
  return { pass: reasons.length > 0, reasons };
}
