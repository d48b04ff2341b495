/**
 * The per-tab toolbar badge: colour and short text by level, and a tooltip naming the level and the scam type, so
 * the toolbar tells the same story as the popup for that tab only. Tampering (the page fought the overlay) shows
 * the block colour whatever the level.
 */
import type { Category, Level } from '../core/types';
import type { TabVerdict } from './tab-verdicts';

export interface BadgeApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
  setIcon(details: { tabId: number; path: Record<string, string> }): Promise<void>;
}

export type Translate = (key: string) => string;

/** Text + colour per level (WCAG AA: white text on each colour). */
export const BADGE_STYLE: Record<Exclude<Level, 'none'>, { text: string; color: string }> = {
  block: { text: '!', color: '#b00020' },
  warn: { text: '!', color: '#b34700' },
  caution: { text: '?', color: '#7a5c00' },
};

/**
 * Toolbar icons per level (public/icon/level-*.png, rendered by `npm run icons`): the shield turns amber with "?",
 * orange with "!" or red with "!" so the level reads without the badge text. Each has a dark outline and a light
 * glyph, so it stands out on light and dark toolbars alike.
 */
export type IconLevel = 'none' | 'caution' | 'warn' | 'block';
export const TOOLBAR_ICON_SIZES = [16, 32] as const;

export function iconPaths(level: IconLevel): Record<string, string> {
  return Object.fromEntries(TOOLBAR_ICON_SIZES.map((size) => [String(size), `/icon/level-${level}-${size}.png`]));
}

export function iconLevel(tv: TabVerdict | null): IconLevel {
  if (!tv) return 'none';
  return tv.tampered ? 'block' : tv.verdict.level;
}

const categoryKey = (c: Category): string => `cat_${c.replace(/-/g, '_')}`;

export function badgeFor(tv: TabVerdict | null, t: Translate): { text: string; color: string; title: string } {
  const name = t('extName');
  const level = tv?.verdict.level ?? 'none';
  if (!tv || (level === 'none' && !tv.tampered)) return { text: '', color: '#000000', title: name };
  const style = tv.tampered ? BADGE_STYLE.block : BADGE_STYLE[level === 'none' ? 'caution' : level];
  const parts = [name, t(tv.tampered ? 'badgeTampered' : `badgeLevel_${level}`)];
  if (tv.verdict.category) parts.push(t(categoryKey(tv.verdict.category)));
  return { text: style.text, color: style.color, title: parts.filter(Boolean).join(' — ') };
}

export async function showBadge(api: BadgeApi, tabId: number, tv: TabVerdict | null, t: Translate): Promise<void> {
  const b = badgeFor(tv, t);
  await Promise.all([
    api.setBadgeText({ tabId, text: b.text }),
    b.text ? api.setBadgeBackgroundColor({ tabId, color: b.color }) : Promise.resolve(),
    api.setTitle({ tabId, title: b.title }),
    api.setIcon({ tabId, path: iconPaths(iconLevel(tv)) }),
  ]);
}
