/**
 * checkPage's `links` field: link targets joined by '\n' (URL parsers strip newlines, so none is lost). One string
 * costs the content script about half of what 1,000 separate strings cost to serialise. Dependency-free: the
 * content script imports this, not the zod protocol.
 */

/** Links per checkPage message. */
export const MAX_PAGE_LINKS = 2000;

export function joinLinks(links: readonly string[]): string {
  return links.join('\n');
}

export function splitLinks(joined: string): string[] {
  return joined === '' ? [] : joined.split('\n');
}
