/** Human form of a host: punycode decoded, so `xn--alipy-…` shows the characters it really contains. */
import punycode from 'punycode.js';

export function displayHost(host: string): string {
  try {
    return punycode.toUnicode(host);
  } catch {
    return host;
  }
}

/** The raw URL a DNR redirect put after `url=` (not encoded by the browser), or the encoded one from the SW. */
export function targetFromWarningUrl(href: string): string | null {
  const at = href.indexOf('?url=');
  if (at < 0) return null;
  const raw = href.slice(at + 5);
  if (!raw) return null;
  if (/^https?%3A/i.test(raw)) {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}
