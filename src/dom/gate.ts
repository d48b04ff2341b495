/**
 * The DOM half of the gate: what the content script reads cheaply on every page — one querySelector for
 * sensitive inputs, and a text sample (title + the first visible text nodes, ≤ GATE_MAX_TEXT_NODES,
 * ≤ GATE_MAX_CHARS). The words are judged by `gateText` (src/core/classify/gate.ts), in the service worker for the
 * content script; `gate(doc)` does both here (tests, benches, CLI).
 */
import { GATE_MAX_CHARS, GATE_NODE_MAX_CHARS, GATE_SAMPLE_MAX_CHARS, gateText, type GateOptions, type GateResult } from '../core/classify/gate.ts';

export type { GateOptions, GateResult };

export const GATE_MAX_TEXT_NODES = 300;
export { GATE_MAX_CHARS };

const SENSITIVE_INPUTS =
  'input[type=password],input[autocomplete^="cc-"],input[autocomplete="one-time-code"],input[autocomplete="transaction-amount"],input[type=number]';
const SKIP_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'head']);

export interface GateSample {
  /** Title + visible text, ≤ GATE_MAX_CHARS + one node. */
  readonly sample: string;
  /** A password / card / one-time-code / amount / number input is on the page. */
  readonly sensitive: boolean;
}

export function gateSample(doc: Document): GateSample {
  const sensitive = doc.querySelector(SENSITIVE_INPUTS) !== null;
  let sample = doc.title ?? '';
  const body = doc.body ?? doc.documentElement;
  if (body && typeof doc.createTreeWalker === 'function') {
    const w = doc.createTreeWalker(body, 0x4);
    for (let i = 0, n = w.nextNode(); n && i < GATE_MAX_TEXT_NODES && sample.length < GATE_MAX_CHARS; i++, n = w.nextNode()) {
      const p = n.parentNode as Element | null;
      if (p && SKIP_PARENTS.has(p.localName)) continue;
      sample += ` ${(n as Text).data.slice(0, GATE_NODE_MAX_CHARS)}`;
    }
  }
  return { sample: sample.slice(0, GATE_SAMPLE_MAX_CHARS), sensitive };
}

export function gate(doc: Document, opts: GateOptions = {}): GateResult {
  try {
    const s = gateSample(doc);
    return gateText(s.sample, s.sensitive, opts);
  } catch {
    return { pass: true, reasons: ['gate error'] };
  }
}
