/**
 * A busy link directory for the e2e tests: `n` links with neutral words (the page gate stays shut), targets on 97
 * ordinary hosts, and every `listedEvery`-th link (from index 7) to a site on the bundled demo list
 * (qiangdan-vip.test). The listed links carry ids `listed-<index>` so a test can find them. The page opts in to the
 * content script's debug timeline (`scamsentinel:page-checked`, src/content/debug.ts).
 */
export const LISTED_HOST = 'qiangdan-vip.test';

export function linkDirectory(n: number, listedEvery: number): { html: string; listed: number[] } {
  const items: string[] = [];
  const listed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % listedEvery === 7) {
      listed.push(i);
      items.push(`<li><a id="listed-${i}" href="http://${LISTED_HOST}/r/${i}">Garden note ${i}</a></li>`);
    } else items.push(`<li><a href="http://site-${i % 97}.example.test/item/${i}?ref=dir">Garden note ${i}</a></li>`);
  }
  const html = `<!doctype html><html lang="en" data-scamsentinel-debug><head><meta charset="utf-8"><title>Garden notes</title></head>
<body><h1>Garden notes</h1><ul>${items.join('')}</ul></body></html>`;
  return { html, listed };
}
