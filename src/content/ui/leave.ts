/**
 * "Leave this site": go back to the page before this site's first history entry (the Navigation API lists the
 * same-origin entries, so SPA routes the site pushed are skipped too), else a blank page.
 */
interface NavigationLike {
  readonly currentEntry: { readonly index: number } | null;
}

const FALLBACK_DELAY_MS = 1500;

export function leaveSite(): void {
  const nav = (globalThis as { navigation?: NavigationLike }).navigation;
  const index = nav?.currentEntry?.index;
  const steps = typeof index === 'number' && index >= 0 ? index + 1 : 1;
  if (history.length <= steps) {
    location.replace('about:blank');
    return;
  }
  const here = location.href;
  let leaving = false;
  const mark = (): void => {
    leaving = true;
  };
  addEventListener('beforeunload', mark, { once: true });
  addEventListener('pagehide', mark, { once: true });
  history.go(-steps);
  // history.go() is silently ignored when there is nothing that far back.
  setTimeout(() => {
    if (!leaving && location.href === here) location.replace('about:blank');
  }, FALLBACK_DELAY_MS);
}
