/**
 * How a host is shown to the user (warning page, popup, options, report): its Unicode form only where that cannot
 * pass for another name, else its ASCII (punycode) form — what Chromium's address bar does for the same hosts.
 * Without this the warning page for `xn--pypal-4ve.test` would say "pаypal.test" (Cyrillic а), a name the user
 * cannot tell from paypal.test, on the one page meant to show them the difference.
 *
 * A label stays ASCII when it
 *  - mixes Latin letters with letters of another script, except the combinations a CJK name uses (Latin with Han,
 *    Hiragana, Katakana; with Han and Bopomofo; with Han and Hangul) — `pаypal`, `αpple`;
 *  - is wholly Cyrillic or Greek and every letter of it looks like a Latin letter — `аррӏе` (apple);
 *  - has invisible or layout characters (controls, format characters such as bidi overrides or zero-width joiners,
 *    spaces), which punycode can carry but a name should not;
 *  - or does not decode (or an `xn--` label decodes to nothing or to plain ASCII: the host is shown as it came).
 * Any such label shows the whole host in ASCII. Pure: no browser APIs, no tables beyond the small one below.
 */
import punycode from 'punycode.js';

const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul', 'Arabic', 'Hebrew', 'Thai'] as const;
type Script = (typeof SCRIPTS)[number] | 'Other';
const SCRIPT_RES: readonly [Script, RegExp][] = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')]);

/** Script sets a single label may combine (besides one script alone). */
const ALLOWED_MIXES: readonly ReadonlySet<Script>[] = [
  new Set<Script>(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set<Script>(['Latin', 'Han', 'Bopomofo']),
  new Set<Script>(['Latin', 'Han', 'Hangul']),
];

/** Cyrillic letters that read as Latin ones (Chromium's list for whole-script look-alikes: а с ԁ е һ і ј ӏ о р ԛ ѕ ԝ
 *  х у ъ ь ҽ п г ѵ ѡ) and Greek ones (α ε ι κ ν ο ρ τ υ χ). Host names are lower-case. */
const LATIN_LOOKALIKES: ReadonlySet<string> = new Set(
  [0x430, 0x441, 0x501, 0x435, 0x4bb, 0x456, 0x458, 0x4cf, 0x43e, 0x440, 0x51b, 0x455, 0x51d, 0x445, 0x443, 0x44a, 0x44c, 0x4bd, 0x43f, 0x433, 0x475, 0x461,
    0x3b1, 0x3b5, 0x3b9, 0x3ba, 0x3bd, 0x3bf, 0x3c1, 0x3c4, 0x3c5, 0x3c7].map((c) => String.fromCodePoint(c)),
);

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/u;

function scriptOf(ch: string): Script | null {
  if (!/\p{L}/u.test(ch)) return null; // digits, hyphen, marks: no script of their own
  for (const [s, re] of SCRIPT_RES) if (re.test(ch)) return s;
  return 'Other';
}

/** True when the decoded label may be shown as it is. */
export function labelIsSafeToShow(label: string): boolean {
  if (INVISIBLE.test(label)) return false;
  const scripts = new Set<Script>();
  for (const ch of label) {
    const s = scriptOf(ch);
    if (s) scripts.add(s);
  }
  if (scripts.size > 1 && !ALLOWED_MIXES.some((mix) => [...scripts].every((s) => mix.has(s)))) return false;
  if (scripts.size === 1 && (scripts.has('Cyrillic') || scripts.has('Greek'))) {
    const letters = [...label].filter((ch) => /\p{L}/u.test(ch));
    if (letters.every((ch) => LATIN_LOOKALIKES.has(ch))) return false;
  }
  return true;
}

export function displayHost(host: string): string {
  if (!/(^|\.)xn--/i.test(host) && !/[^\x20-\x7e]/.test(host)) return host;
  let labels: string[];
  try {
    labels = host.split('.').map((l) => (/^xn--/i.test(l) ? punycode.toUnicode(l.toLowerCase()) : l));
  } catch {
    return host;
  }
  // `xn--` that decodes to nothing or to plain ASCII is no IDN label: show the host as it came
  if (host.split('.').some((l, i) => /^xn--/i.test(l) && !/[^ -~]/.test(labels[i] ?? ''))) return host;
  if (!labels.every(labelIsSafeToShow)) {
    try {
      return punycode.toASCII(labels.join('.'));
    } catch {
      return host;
    }
  }
  return labels.join('.');
}
