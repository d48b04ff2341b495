/**
 * The scripts of a host label's letters — no tables, so the extension pages can use it too (how a host is shown:
 * src/core/url/label-display.ts) without the confusables table that skeleton.ts reads.
 */
export const SCRIPT = { latin: 1, cyrillic: 2, greek: 4, armenian: 8, han: 16, kana: 32, hangul: 64, other: 128 } as const;

/** Bitmask of the scripts of the letters in `label` (digits, '-' and marks ignored). */
export function scriptsOf(label: string): number {
  let mask = 0;
  for (const ch of label) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) mask |= SCRIPT.latin;
    } else if (c <= 0x24f || (c >= 0x1e00 && c <= 0x1eff)) mask |= c >= 0xc0 ? SCRIPT.latin : 0;
    else if (c >= 0x300 && c <= 0x36f) continue;
    else if (c >= 0x370 && c <= 0x3ff) mask |= SCRIPT.greek;
    else if (c >= 0x400 && c <= 0x52f) mask |= SCRIPT.cyrillic;
    else if (c >= 0x530 && c <= 0x58f) mask |= SCRIPT.armenian;
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff)) mask |= SCRIPT.kana;
    else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff)) mask |= SCRIPT.hangul;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x2ffff) || c === 0x3007)
      mask |= SCRIPT.han;
    else mask |= SCRIPT.other;
  }
  return mask;
}

/** Latin mixed with a script whose letters look Latin (Cyrillic, Greek, Armenian) in one label. */
export function isMixedConfusableScript(mask: number): boolean {
  return (mask & SCRIPT.latin) !== 0 && (mask & (SCRIPT.cyrillic | SCRIPT.greek | SCRIPT.armenian)) !== 0;
}
