/**
 * gate(doc): the cheap "is this page worth extracting?" check the content script runs first.
 * Probes: sensitive inputs (one querySelector), then trigger words in the title and the first visible text
 * nodes (≤ GATE_MAX_TEXT_NODES, ≤ GATE_MAX_CHARS). Top-frame / http(s) / trusted-domain checks are the caller's.
 */
import { GATE_TRIGGERS } from '../core/classify/gate-triggers.ts';
import { normalizeText } from '../core/classify/normalize.ts';

export const GATE_MAX_TEXT_NODES = 300;
export const GATE_MAX_CHARS = 6_000;

const SENSITIVE_INPUTS =
  'input[type=password],input[autocomplete^="cc-"],input[autocomplete="one-time-code"],input[autocomplete="transaction-amount"],input[type=number]';
const SKIP_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'head']);

export interface GateResult {
  readonly pass: boolean;
  /** What triggered (a selector or words), for debugging. */
  readonly reasons: readonly string[];
}

/** TRON / Ethereum address shapes (cheap, linear). */
const WALLET_HINT = /(?<![0-9A-Za-z])(?:T[1-9A-HJ-NP-Za-km-z]{33}|0x[0-9a-fA-F]{40})(?![0-9A-Za-z])/;

export interface GateOptions {
  readonly triggers?: readonly string[];
}

export function gate(doc: Document, opts: GateOptions = {}): GateResult {
  try {
    const reasons: string[] = [];
    if (doc.querySelector(SENSITIVE_INPUTS)) reasons.push('sensitive input');
    let sample = doc.title ?? '';
    const body = doc.body ?? doc.documentElement;
    if (body && typeof doc.createTreeWalker === 'function') {
      const w = doc.createTreeWalker(body, 0x4);
      for (let i = 0, n = w.nextNode(); n && i < GATE_MAX_TEXT_NODES && sample.length < GATE_MAX_CHARS; i++, n = w.nextNode()) {
        const p = n.parentNode as Element | null;
        if (p && SKIP_PARENTS.has(p.localName)) continue;
        sample += ` ${(n as Text).data.slice(0, 500)}`;
      }
    }
    const norm = normalizeText(sample);
    const words = (opts.triggers ?? GATE_TRIGGERS).filter((t) => norm.spaced.includes(t) || norm.compact.includes(t));
    if (words.length > 0) reasons.push(`words: ${words.slice(0, 5).join(', ')}`);
    // A wallet address is worth an extraction on its own: it may be one the lists know from scam reports.
    if (WALLET_HINT.test(sample)) reasons.push('wallet address');
    return { pass: reasons.length > 0, reasons };
  } catch {
    return { pass: true, reasons: ['gate error'] };
  }
}
