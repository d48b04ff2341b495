/**
 * Single-pass canonicalization for the URLs browsers actually hand us: lowercase http(s) scheme, printable ASCII,
 * no `%`, `#`, `\`, userinfo or IP literal, no dot segments or `//` in the path. For those, the full algorithm
 * changes nothing but the host's case and the port, so the canonical parts are slices of the input. Anything
 * else returns undefined and takes the full path (the unit tests check both paths agree).
 */
import type { CanonicalUrl } from './canonicalize.ts';

const enum Ch {
  Slash = 47,
  Dot = 46,
  Colon = 58,
  Question = 63,
}

function isPlain(c: number): boolean {
  return c > 32 && c < 127 && c !== 35 && c !== 37 && c !== 92;
}

export function canonicalizeFast(url: string): CanonicalUrl | undefined {
  const https = url.startsWith('https://');
  if (!https && !url.startsWith('http://')) return undefined;
  const hostStart = https ? 8 : 7;
  let i = hostStart;
  let colon = -1;
  let upper = false;
  let ipLike = true;
  let prev = Ch.Dot;
  for (; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === Ch.Slash || c === Ch.Question) break;
    if (!isPlain(c) || c === 64 || c === 91 || c === 93) return undefined;
    if (c === Ch.Colon) {
      if (colon >= 0) return undefined;
      colon = i;
      continue;
    }
    if (colon >= 0) continue;
    if (c === Ch.Dot && prev === Ch.Dot) return undefined;
    if (c >= 65 && c <= 90) upper = true;
    const lower = c | 32;
    if (!((c >= 48 && c <= 57) || c === Ch.Dot || lower === 120 || (lower >= 97 && lower <= 102))) ipLike = false;
    prev = c;
  }
  const hostEnd = colon >= 0 ? colon : i;
  if (hostEnd === hostStart || prev === Ch.Dot || ipLike) return undefined;
  const pathStart = i;
  let query = -1;
  for (; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (!isPlain(c)) return undefined;
    if (query < 0) {
      if (c === Ch.Question) query = i;
      else if (c === Ch.Slash) {
        const next = url.charCodeAt(i + 1);
        if (next === Ch.Slash) return undefined;
        if (next === Ch.Dot) {
          const after = url.charCodeAt(i + 2);
          if (after !== after || after === Ch.Slash || after === Ch.Question) return undefined;
          if (after === Ch.Dot) {
            const third = url.charCodeAt(i + 3);
            if (third !== third || third === Ch.Slash || third === Ch.Question) return undefined;
          }
        }
      }
    }
  }
  let host = url.slice(hostStart, hostEnd);
  if (upper) host = host.toLowerCase();
  const pathEnd = query < 0 ? url.length : query;
  const path = pathStart === pathEnd ? '/' : url.slice(pathStart, pathEnd);
  const q = query < 0 ? null : url.slice(query + 1);
  const unchanged = !upper && colon < 0 && pathStart !== pathEnd;
  const expr = unchanged ? url.slice(hostStart) : host + path + (q === null ? '' : '?' + q);
  return { scheme: https ? 'https' : 'http', host, path, query: q, expr, isIp: false };
}
