/**
 * Human form of a host: punycode decoded where the characters cannot pass for another name (`中文网.test`,
 * `bücher.test`), else the ASCII form the browser's address bar shows (`xn--pypal-4ve.test`, not "pаypal.test"):
 * src/core/url/display-host.ts.
 */
export { displayHost } from '../core/url/display-host';

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
