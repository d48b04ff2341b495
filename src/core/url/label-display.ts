/**
 * Whether one decoded host label may be shown as written (display-host.ts has the rules), and its ASCII form
 * otherwise. No punycode library: the ASCII form comes from the URL parser, so the evidence texts of the in-page
 * overlay (src/ui/signal-text.ts) can use it without carrying one.
 */
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
