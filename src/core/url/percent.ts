/**
 * Byte-level percent handling for Safe Browsing canonicalization. Work happens on "byte strings": JS strings
 * whose char codes are all ≤ 0xFF (one char per byte), so `%80` can be represented even when it is not UTF-8.
 */

const HEX = '0123456789ABCDEF';
let scratch = new Uint8Array(256);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

export function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

/** UTF-8 bytes of `s` as a byte string; ASCII input is returned as is. */
export function toByteString(s: string): string {
  if (!hasNonAscii(s)) return s;
  return bytesToString(new TextEncoder().encode(s));
}

export function bytesToString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 4096)));
  }
  return out;
}

/**
 * Percent-unescapes until no `%XX` is left. Equivalent to repeating single passes to a fixpoint, but linear:
 * each decoded byte is pushed on an output stack and may complete an escape with the two bytes before it.
 */
export function unescapeRepeatedly(s: string): string {
  const first = s.indexOf('%');
  if (first < 0) return s;
  if (scratch.length < s.length) scratch = new Uint8Array(s.length * 2);
  const buf = scratch;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    buf[n++] = s.charCodeAt(i);
    while (n >= 3 && buf[n - 3] === 37) {
      const h = hexValue(buf[n - 2]!);
      const l = hexValue(buf[n - 1]!);
      if (h < 0 || l < 0) break;
      n -= 3;
      buf[n++] = (h << 4) | l;
    }
  }
  return bytesToString(buf.subarray(0, n));
}

function needsEscape(c: number): boolean {
  return c <= 32 || c >= 127 || c === 35 || c === 37;
}

/** Escapes bytes ≤ 0x20, ≥ 0x7F, `#` and `%` as uppercase `%XX`; `extra` matches further chars to escape. */
export function escapeBytes(s: string, extra?: RegExp): string {
  let i = 0;
  while (i < s.length && !needsEscape(s.charCodeAt(i))) i++;
  if (i === s.length && (extra === undefined || !extra.test(s))) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += needsEscape(c) || (extra !== undefined && extra.test(s[i]!)) ? '%' + HEX[c >> 4]! + HEX[c & 15]! : s[i]!;
  }
  return out;
}
