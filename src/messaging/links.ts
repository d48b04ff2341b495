/**
 * checkPage's `links` field: link targets joined by '\n' (URL parsers strip newlines, so none is lost). One string
 * costs the content script about half of what 1,000 separate strings cost to serialise. Dependency-free: the
 * content script imports this, not the zod protocol.
 */

/** Links per checkPage message. */
export const MAX_PAGE_LINKS = 2000;

/** The longest address a message carries (protocol.ts; content/page/collect.ts drops longer links). */
export const URL_MAX_CHARS = 8192;

/**
 * A page's address as a check message carries it: as it is, or — longer than URL_MAX_CHARS, which the worker refuses
 * — without its query and fragment (origin + path, cut if that alone is too long). A page that pads its own address
 * (history.replaceState with a 9,000-character query) made every check of it fail: its payment steps got "could not
 * check" instead of its real verdict and reasons (docs/security.md, session 23). Lists and URL risk go by host and path.
 */
export function fitUrl(url: string): string {
  if (url.length <= URL_MAX_CHARS) return url;
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`.slice(0, URL_MAX_CHARS);
  } catch {
    return url.slice(0, URL_MAX_CHARS);
  }
}

export function joinLinks(links: readonly string[]): string {
  return links.join('\n');
}

export function splitLinks(joined: string): string[] {
  return joined === '' ? [] : joined.split('\n');
}
