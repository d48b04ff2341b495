/**
 * Whether one decoded host label may be shown as written (display-host.ts has the rules), and its ASCII form
 * otherwise. No punycode library: the ASCII form comes from the URL parser, so the evidence texts of the in-page
 * overlay (src/ui/signal-text.ts) can use it without carrying one.
 */
import { SCRIPT, isMixedConfusableScript, scriptsOf } from '../lookalike/scripts.ts';

/** Cyrillic letters that read as Latin ones (Chromium's list for whole-script look-alikes: а с ԁ е һ і ј ӏ о р ԛ ѕ ԝ
 *  х у ъ ь ҽ п г ѵ ѡ) and Greek ones (α ε ι κ ν ο ρ τ υ χ). Host names are lower-case. The worker's own test
 *  (skeletonIsAscii) uses the full confusables table, which the extension pages do not carry. */
const LATIN_LOOKALIKES: ReadonlySet<string> = new Set(
  [0x430, 0x441, 0x501, 0x435, 0x4bb, 0x456, 0x458, 0x4cf, 0x43e, 0x440, 0x51b, 0x455, 0x51d, 0x445, 0x443, 0x44a, 0x44c, 0x4bd, 0x43f, 0x433, 0x475, 0x461,
    0x3b1, 0x3b5, 0x3b9, 0x3ba, 0x3bd, 0x3bf, 0x3c1, 0x3c4, 0x3c5, 0x3c7].map((c) => String.fromCodePoint(c)),
);

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/u;

/** True when the decoded label may be shown as it is (the rules: display-host.ts). */
export function labelIsSafeToShow(label: string): boolean {
  if (INVISIBLE.test(label)) return false;
  const scripts = scriptsOf(label);
  // Latin with Cyrillic, Greek or Armenian letters: the same test as the worker's `url:mixed-script` signal
  if (isMixedConfusableScript(scripts)) return false;
  if (scripts === SCRIPT.cyrillic || scripts === SCRIPT.greek) {
    const letters = [...label].filter((ch) => /\p{L}/u.test(ch));
    if (letters.every((ch) => LATIN_LOOKALIKES.has(ch))) return false;
  }
  return true;
}

/** The label as a user should read it: as written when that is safe, else its ASCII (punycode) form. */
export function shownLabel(label: string): string {
  if (labelIsSafeToShow(label)) return label;
  try {
    const host = new URL(`http://${label}.invalid/`).hostname;
    return host.endsWith('.invalid') ? host.slice(0, -'.invalid'.length) : label;
  } catch {
    return label;
  }
}
