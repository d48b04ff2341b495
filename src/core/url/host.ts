/** Host canonicalization: unescape, lowercase, trim/collapse dots, IP literals, IDN → punycode, re-escape. */
import punycode from 'punycode.js';
import { escapeBytes, hasNonAscii, unescapeRepeatedly } from './percent.ts';
import { normalizeIpv4, normalizeIpv6 } from './ip.ts';

export interface CanonicalHost {
  host: string;
  isIp: boolean;
}

/** Bytes that would end or split the authority when the canonical URL is parsed again. */
const AUTHORITY_DELIMITERS = /[/?\\@:[\]]/;

/** Unicode hostnames worth converting: letters, digits, `-`, `.` and non-ASCII only (no `%`, spaces…). */
const IDN_TEXT = /^[-.0-9a-z\u0080-\uffff]+$/;

function idnToAscii(bytes: string): string | null {
  try {
    const raw = Uint8Array.from(bytes, (ch) => ch.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(raw).normalize('NFC').toLowerCase();
    if (!IDN_TEXT.test(text)) return null;
    const ascii = punycode.toASCII(text);
    return /^[\x21-\x7e]*$/.test(ascii) ? ascii.toLowerCase() : null;
  } catch {
    return null;
  }
}

function trimDots(host: string): string {
  if (host.indexOf('.') < 0) return host;
  let start = 0;
  let end = host.length;
  while (start < end && host.charCodeAt(start) === 46) start++;
  while (end > start && host.charCodeAt(end - 1) === 46) end--;
  const trimmed = host.slice(start, end);
  return trimmed.indexOf('..') < 0 ? trimmed : trimmed.replace(/\.{2,}/g, '.');
}

/**
 * `rawHost` is the authority without userinfo and port, still percent-escaped. Besides the Safe Browsing set,
 * `/ ? \ @ : [ ]` are escaped in the result, so the canonical URL parses back to the same host
 * (idempotence) and an expression always splits into host and path at its first `/`.
 */
export function canonicalizeHost(rawHost: string): CanonicalHost | null {
  let host = unescapeRepeatedly(rawHost);
  if (host.length > 0 && host.charCodeAt(0) === 91) {
    const v6 = normalizeIpv6(host);
    if (v6) return { host: v6, isIp: true };
  }
  host = trimDots(host);
  if (/[A-Z]/.test(host)) host = host.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  if (host.length === 0) return null;
  const v4 = normalizeIpv4(host);
  if (v4) return { host: v4, isIp: true };
  if (hasNonAscii(host)) {
    const ascii = idnToAscii(host);
    if (ascii !== null) host = ascii;
  }
  return { host: escapeBytes(host, AUTHORITY_DELIMITERS), isIp: false };
}
