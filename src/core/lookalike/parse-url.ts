/**
 * Split a URL into the parts the host signals look at.
 *
 * Example: `https://paypal.com@secure-paypa1.com.verify-login.top:8443/x`
 *   host 'secure-paypa1.com.verify-login.top', userinfo 'paypal.com', suffix 'top',
 *   nameLabels ['secure-paypa1', 'com', 'verify-login'] (everything left of the public suffix, Unicode-decoded),
 *   registrable 'verify-login.top'.
 *
 * Registrable domains follow tldts with ICANN suffixes only (its default). On shared hosting
 * (`alice.github.io`), the platform (`github.io`) is treated like a public suffix, so the tenant label plays the
 * registrable label's role — see src/core/trusted/shared-hosting.ts for why this does not depend on the PSL
 * private section.
 */
import { parse } from 'tldts';
import punycode from 'punycode.js';
import { classifyHost, type SharedHostingMatch } from '../trusted/index.ts';

export interface ParsedUrl {
  /** ASCII (punycode) lower-case host, no brackets for IPv6. */
  readonly host: string;
  readonly isIp: boolean;
  /** Decoded `user[:password]` before '@', '' if none. */
  readonly userinfo: string;
  /** Registrable domain per tldts (ICANN), or null (IP, single label). */
  readonly registrable: string | null;
  /** Public suffix (or shared-hosting platform for tenants), ASCII. */
  readonly suffix: string;
  /** Labels left of `suffix`, Unicode (punycode decoded), left to right; the last is the "registrable label". */
  readonly nameLabels: readonly string[];
  /** Same labels in ASCII form. */
  readonly asciiLabels: readonly string[];
  readonly shared: SharedHostingMatch | null;
  /** On the default trusted list (`isTrustedDomain`). */
  readonly trusted: boolean;
  readonly shortener: boolean;
  readonly hasPunycode: boolean;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const OTHER_SCHEME = /^(javascript|data|mailto|tel|sms|about|blob|file|chrome|chrome-extension|moz-extension|ftp|ws|wss):/i;
const IP_DEFAULTS = {
  isIp: true,
  registrable: null,
  suffix: '',
  nameLabels: [],
  asciiLabels: [],
  shared: null,
  trusted: false,
  shortener: false,
  hasPunycode: false,
} as const;
const TLDTS_OPTS = { extractHostname: false, validateHostname: false, detectIp: true, mixedInputs: false } as const;

function decodeLabel(label: string): string {
  if (!label.startsWith('xn--')) return label;
  try {
    return punycode.toUnicode(label);
  } catch {
    return label;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseUrl(input: string): ParsedUrl | null {
  let s = input.trim();
  if (s === '' || s.length > 8192) return null;
  if (!SCHEME.test(s)) {
    if (OTHER_SCHEME.test(s)) return null;
    s = 'http://' + s.replace(/^\/+/, '');
  }
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  let host = url.hostname;
  if (host.endsWith('.')) host = host.replace(/\.+$/, '');
  if (host === '') return null;
  const userinfo = url.username === '' && url.password === '' ? '' : safeDecode(url.username + (url.password ? ':' + url.password : ''));
  if (host.startsWith('[')) {
    return { ...IP_DEFAULTS, host: host.slice(1, -1), userinfo };
  }
  const info = parse(host, TLDTS_OPTS);
  if (info.isIp === true) {
    return { ...IP_DEFAULTS, host, userinfo };
  }
  const { shared, trusted, shortener } = classifyHost(host);
  let suffix = info.publicSuffix ?? '';
  if (shared !== null && shared.kind === 'subdomain' && !shared.isApex) suffix = shared.platform;
  const nameLen = suffix === '' ? host.length : host.length - suffix.length - 1;
  const asciiLabels = nameLen > 0 ? host.slice(0, nameLen).split('.') : [];
  const hasPunycode = host.includes('xn--');
  const nameLabels = hasPunycode ? asciiLabels.map(decodeLabel) : asciiLabels;
  return { host, isIp: false, userinfo, registrable: info.domain, suffix, nameLabels, asciiLabels, shared, trusted, shortener, hasPunycode };
}
