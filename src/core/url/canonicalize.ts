/**
 * Safe Browsing v4 URL canonicalization ("URLs and Hashing"), plus bracketed IPv6 (v5) and IDN hosts → punycode.
 *
 * Component boundaries (scheme, userinfo, host, port, path, query) are found on the raw string, the way a browser
 * parses it, and each component is then unescaped on its own. (Unescaping the whole URL first, as the reference
 * client does, would let `http://bank.example%2F@scam.example/` be checked as `bank.example` while the browser
 * goes to `scam.example`.) All published canonicalization vectors give the same result either way.
 */
import { escapeBytes, toByteString, unescapeRepeatedly } from './percent.ts';
import { canonicalizeHost } from './host.ts';
import { canonicalizePath } from './path.ts';
import { canonicalizeFast } from './fast-path.ts';

export interface CanonicalUrl {
  scheme: string;
  host: string;
  path: string;
  query: string | null;
  /** host+path(+?query) */
  expr: string;
  /** Host is an IP literal: only the exact host is looked up. */
  isIp: boolean;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
/** `?` and `\` decoded inside the path stay escaped, or the canonical URL would parse back differently. */
const PATH_DELIMITERS = /[?\\]/;
const HOST_PORT = /^[0-9]+(?:[/?\\]|$)/;

function stripControls(url: string): string {
  let s = /[\t\r\n]/.test(url) ? url.replace(/[\t\r\n]/g, '') : url;
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  if (start > 0 || end < s.length) s = s.slice(start, end);
  const hash = s.indexOf('#');
  return hash < 0 ? s : s.slice(0, hash);
}

function splitScheme(s: string): { scheme: string; rest: string } | null {
  const m = SCHEME.exec(s);
  if (m) {
    const scheme = m[1]!.toLowerCase();
    const after = s.slice(m[0].length);
    if (scheme === 'http' || scheme === 'https') {
      let i = 0;
      while (i < after.length && (after.charCodeAt(i) === 47 || after.charCodeAt(i) === 92)) i++;
      return { scheme, rest: after.slice(i) };
    }
    if (!HOST_PORT.test(after)) return null;
  }
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 47 || s.charCodeAt(i) === 92)) i++;
  return { scheme: 'http', rest: s.slice(i) };
}

function authorityEnd(rest: string): number {
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 47 || c === 63 || c === 92) return i;
  }
  return rest.length;
}

function stripUserinfoAndPort(authority: string): string {
  const at = authority.lastIndexOf('@');
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  if (hostPort.charCodeAt(0) === 91) {
    const close = hostPort.indexOf(']');
    if (close > 0) return hostPort.slice(0, close + 1);
  }
  const colon = hostPort.lastIndexOf(':');
  return colon < 0 ? hostPort : hostPort.slice(0, colon);
}

/** Canonical form of an http(s) URL (a missing scheme means http); null for other schemes or no host. */
export function canonicalize(url: string): CanonicalUrl | null {
  if (typeof url !== 'string') return null;
  return canonicalizeFast(url) ?? canonicalizeFully(url);
}

/** The full algorithm, for every input (exported for the tests that compare it with the fast path). */
export function canonicalizeFully(url: string): CanonicalUrl | null {
  const split = splitScheme(toByteString(stripControls(url)));
  if (!split) return null;
  const { scheme, rest } = split;
  const end = authorityEnd(rest);
  const canonicalHost = canonicalizeHost(stripUserinfoAndPort(rest.slice(0, end)));
  if (!canonicalHost) return null;
  let tail = rest.slice(end);
  if (tail.indexOf('\\') >= 0) {
    const q = tail.indexOf('?');
    tail = q < 0 ? tail.replace(/\\/g, '/') : tail.slice(0, q).replace(/\\/g, '/') + tail.slice(q);
  }
  const q = tail.indexOf('?');
  const rawPath = q < 0 ? tail : tail.slice(0, q);
  const path = escapeBytes(canonicalizePath(unescapeRepeatedly(rawPath)), PATH_DELIMITERS);
  const query = q < 0 ? null : escapeBytes(unescapeRepeatedly(tail.slice(q + 1)));
  const host = canonicalHost.host;
  const expr = host + path + (query === null ? '' : '?' + query);
  return { scheme, host, path, query, expr, isIp: canonicalHost.isIp };
}

/** The canonical URL string: `scheme://expr`. */
export function canonicalUrlString(url: string): string | null {
  const c = canonicalize(url);
  return c ? `${c.scheme}://${c.expr}` : null;
}

/** Maintainer text → canonical entry: `'Example.COM'` → `'example.com/'`, `'http://h/v/x/'` → `'h/v/x/'`. */
export function canonicalExpression(entry: string): string | null {
  return canonicalize(entry)?.expr ?? null;
}
