/**
 * Small badges next to risky links, ad/post blocks and ad iframes: "⚠ Known scam" / "Looks like a scam" /
 * "Be careful", in a closed shadow root. Hover, focus or press shows a tooltip with the level, scam type and
 * reasons. The tooltip is a manual popover (top layer: not clipped by the page's overflow or covered by z-index).
 */
import type { Level, Verdict } from '../../core/types';
import { createHost, h } from '../dom';
import { BADGE_CSS } from './styles';
import { categoryLabel, levelTitle, reasonLines, t } from './text';
import type { MessageKey } from '../../ui/i18n';

export type MarkKind = 'link' | 'block' | 'frame';

const marked = new WeakSet<Element>();
let count = 0;

/** How many badges this page has (for tests and the bench). */
export function badgeCount(): number {
  return count;
}

function tipKey(kind: MarkKind, level: Level): MessageKey {
  if (kind === 'block') return level === 'caution' ? 'badgeAdCaution' : 'badgeAdWarn';
  return level === 'block' ? 'badgeLinkBlock' : level === 'warn' ? 'badgeLinkWarn' : 'badgeLinkCaution';
}

interface BadgeWords {
  readonly label: string;
  readonly aria: string;
  readonly tip: readonly string[];
}

/** Badge words per verdict content: a page with many links to one listed site looks its words up once. */
const wordsCache = new Map<string, BadgeWords>();
const WORDS_CACHE_MAX = 200;

function badgeWords(v: Verdict, kind: MarkKind): BadgeWords {
  const key = `${kind}\u0000${JSON.stringify(v)}`;
  const hit = wordsCache.get(key);
  if (hit) return hit;
  const title = levelTitle(v.level);
  const tip = [t(tipKey(kind, v.level)), t('badgeType', categoryLabel(v.category)), ...reasonLines(v, 3)];
  if (kind === 'link' && v.level === 'block') tip.push(t('badgeAsksFirst'));
  const words = { label: `⚠ ${title}`, aria: t('badgeAria', title), tip };
  if (wordsCache.size >= WORDS_CACHE_MAX) wordsCache.clear();
  wordsCache.set(key, words);
  return words;
}

export function markElement(el: Element, v: Verdict, kind: MarkKind): void {
  if (v.level === 'none' || marked.has(el) || !el.isConnected) return;
  marked.add(el);
  count++;
  const { host, root } = createHost('badge', BADGE_CSS);
  host.setAttribute('data-level', v.level);
  const words = badgeWords(v, kind);
  const button = h('button', { type: 'button', class: `b ${v.level}`, 'aria-label': words.aria, 'aria-expanded': 'false' }, words.label);
  const tip = h('div', { class: 'tip', role: 'tooltip', id: 'tip' }, ...words.tip.map((line, i) => h('p', i === 0 ? { class: 't' } : null, line)));
  button.setAttribute('aria-describedby', 'tip');
  const popover = typeof tip.showPopover === 'function';
  if (popover) tip.setAttribute('popover', 'manual');
  root.append(button, tip);

  let shown = false;
  const show = (): void => {
    if (shown) return;
    shown = true;
    const r = button.getBoundingClientRect();
    tip.style.left = `${Math.max(8, Math.min(r.left, innerWidth - 368))}px`;
    tip.style.top = `${r.bottom + 6 + 160 > innerHeight ? Math.max(8, r.top - 166) : r.bottom + 6}px`;
    if (popover) tip.showPopover();
    else tip.classList.add('open');
    button.setAttribute('aria-expanded', 'true');
  };
  const hide = (): void => {
    if (!shown) return;
    shown = false;
    if (popover) tip.hidePopover();
    else tip.classList.remove('open');
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('mouseenter', show);
  button.addEventListener('mouseleave', hide);
  button.addEventListener('focus', show);
  button.addEventListener('blur', hide);
  button.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  // The badge may sit inside a clickable ad: a click on it only toggles the tooltip, never follows the ad.
  host.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    if (e.isTrusted) (shown ? hide : show)();
  });

  if (kind === 'block') el.prepend(host);
  else if (kind === 'frame') el.before(host);
  else el.after(host);
}
