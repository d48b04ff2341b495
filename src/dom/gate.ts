/**
 * The DOM half of the gate: what the content script reads cheaply on every page — one querySelector for
 * sensitive inputs, and a text sample (title + the first visible text nodes, ≤ GATE_MAX_TEXT_NODES,
 * ≤ GATE_MAX_CHARS). The words are judged by `gateText` (src/core/classify/gate.ts), in the service worker for the
 * content script; `gate(doc)` does both here (tests, benches, CLI).
 */
import * as dom from './safe.ts';
import { GATE_MAX_CHARS, GATE_NODE_MAX_CHARS, GATE_SAMPLE_MAX_CHARS, gateText, type GateOptions, type GateResult } from '../core/classify/gate.ts';

export type { GateOptions, GateResult };

/** Text nodes with something to read (whitespace-only ones are passed over, not counted) … */
export const GATE_MAX_TEXT_NODES = 300;
/** … among at most this many text nodes visited. */
export const GATE_MAX_VISITED = 3000;
/** Labels of buttons and submit controls read first: at most this many controls, … */
export const GATE_MAX_CONTROLS = 40;
/** … each cut at this length, and at most this much of the sample in all. */
const CONTROL_MAX_CHARS = 60;
const CONTROLS_MAX_CHARS = 1000;
export { GATE_MAX_CHARS };

/** Password, card, one-time code, amount and number fields: a page with one is worth reading in full. */
export const SENSITIVE_INPUTS =
  'input[type=password],input[autocomplete^="cc-"],input[autocomplete="one-time-code"],input[autocomplete="transaction-amount"],input[type=number]';
const SKIP_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'head']);
const CONTROLS = 'button,input[type=submit],input[type=button],[role=button]';
const NOT_BLANK = /\S/;

export interface GateSample {
  /** Title + visible text, ≤ GATE_MAX_CHARS + one node. */
  readonly sample: string;
  /** A password / card / one-time-code / amount / number input is on the page. */
  readonly sensitive: boolean;
}

/**
 * Title, then the labels of the page's first buttons and submit controls, then its first text nodes with something
 * in them. The controls come first because they are what the payment guard acts on: a page that padded the top of its
 * body (hundreds of empty or whitespace text nodes, red team "gate padding") had its words fall outside the sample and
 * was judged by its address alone — clean, so its recharge button was never held. Its "立即充值" / "Pay now" is in the
 * sample now, and blank text nodes no longer use up the node budget.
 */
export function gateSample(doc: Document): GateSample {
  const { sample, sensitive } = gateRead(doc);
  return { sample, sensitive };
}

/**
 * gateSample plus whether the sample holds all of the page's text (`complete`): a page with more text than the sample
 * was judged on its first part only — the guard has it read in full, in the order the eye meets it, before a payment
 * step goes (red team, session 25: unseen text padded ahead of the words). Not sent to the worker.
 */
export function gateRead(doc: Document): GateSample & { readonly complete: boolean } {
  let complete = true;
  const sensitive = doc.querySelector(SENSITIVE_INPUTS) !== null;
  let sample = doc.title ?? '';
  let controls = '';
  const found = doc.querySelectorAll(CONTROLS);
  // Only labels with something in them count (40 empty hidden buttons must not use up the budget); read through the
  // prototypes (dom/safe), so `<input name="textContent">` inside a form with role=button cannot stand in for its text.
  // At most GATE_MAX_VISITED controls are looked at, as for text nodes.
  for (let i = 0, kept = 0; i < found.length && kept < GATE_MAX_CONTROLS && controls.length < CONTROLS_MAX_CHARS && i < GATE_MAX_VISITED; i++) {
    const el = found[i]!;
    const label: unknown = dom.localName(el) === 'input' ? dom.getAttribute(el, 'value') : dom.textContent(el);
    if (typeof label !== 'string' || !NOT_BLANK.test(label)) continue;
    controls += ` ${label.trim().slice(0, CONTROL_MAX_CHARS)}`;
    kept++;
  }
  sample += controls;
  const body = doc.body ?? doc.documentElement;
  if (body && typeof doc.createTreeWalker === 'function') {
    const w = doc.createTreeWalker(body, 0x4);
    let kept = 0;
    let n = w.nextNode();
    for (let visited = 0; n && visited < GATE_MAX_VISITED && kept < GATE_MAX_TEXT_NODES && sample.length < GATE_MAX_CHARS; visited++, n = w.nextNode()) {
      const data = (n as Text).data;
      if (!NOT_BLANK.test(data)) continue;
      const p = n.parentNode as Element | null;
      if (p && SKIP_PARENTS.has(p.localName)) continue;
      if (data.length > GATE_NODE_MAX_CHARS) complete = false;
      sample += ` ${data.slice(0, GATE_NODE_MAX_CHARS)}`;
      kept++;
    }
    if (n) complete = false;
  }
  if (sample.length > GATE_SAMPLE_MAX_CHARS) complete = false;
  return { sample: sample.slice(0, GATE_SAMPLE_MAX_CHARS), sensitive, complete };
}

export function gate(doc: Document, opts: GateOptions = {}): GateResult {
  try {
    const s = gateSample(doc);
    return gateText(s.sample, s.sensitive, opts);
  } catch {
    return { pass: true, reasons: ['gate error'] };
  }
}
