/**
 * A sub-frame's own page, read when the user is about to act in it, and again when it shows something else
 * (frame/guard.ts): the frames that are not
 * checked as pages — smaller than most of the window, or made to look full-size (a CSS transform scales a 280 px frame
 * up to the whole window, and the frame still reads its own innerWidth as 280; a phone-shaped frame 300 px wide) —
 * had their steps judged by the page around them alone: a wrapper's empty page let a platform's recharge through
 * (red team class 13, session 23). The same two messages as a page check (page/main.ts): the gate sample, then the
 * features when the worker wants them. The worker keeps the verdict for the frame that judges the step.
 */
import type { Level, Verdict } from '../../core/types';
import { gateSample } from '../../dom/gate';
import { send } from '../../messaging/client';
import { fitUrl } from '../../messaging/links';
import { toWire } from '../page/checker';
import { assignUrl, currentUrl, judgedUrl } from '../page/state';
import { loadUi } from '../ui-api';

export async function checkOwnPage(signal: AbortSignal): Promise<Level> {
  // An opaque origin (a sandboxed or data: frame) is judged by its nearest http(s) ancestor's address (frameAddress).
  if (judgedUrl() === null) assignUrl(await send('frameAddress', {}));
  const url = fitUrl(currentUrl());
  const first = await send('checkPage', { url, features: null, gate: gateSample(document), links: '', snippets: [] });
  let verdict: Verdict = first.page;
  if (first.extract) {
    try {
      const ui = await loadUi();
      const features = await ui.extract(url, signal);
      verdict = (await send('checkPage', { url, features: toWire(features), links: '', snippets: [] })).page;
    } catch (err: unknown) {
      // The worker wanted the words: a clean or caution first verdict does not stand for a page whose words could
      // not be read (the step is then judged as unchecked, never let through); a warn or block one does.
      if (verdict.level === 'none' || verdict.level === 'caution') throw err;
    }
  }
  return verdict.level;
}

/**
 * What the frame shows now, as a short mark (frame/guard.ts keeps a read while it stays the same): its address and
 * an FNV-1a hash of its visible text (`innerText`: text hidden with `hidden` or CSS is not in it, so revealing a
 * hidden block changes the mark; values typed into fields are not in it). Text inside shadow roots is not.
 */
export function pageMark(): string {
  const root: Element | null = document.documentElement;
  const text = root instanceof HTMLElement ? root.innerText : (root?.textContent ?? '');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${location.href}\n${text.length}:${(h >>> 0).toString(36)}`;
}
