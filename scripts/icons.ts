/**
 * `npm run icons`: renders assets/icon.svg to public/icon/{16,32,48,128}.png, and the per-level toolbar icons
 * (public/icon/level-{none,caution,warn,block}-{16,32}.png: the same shield in the level's colour with its glyph)
 * with Debian Chromium (headless, no network). The PNGs are committed; run this again after changing the SVG.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = resolve(import.meta.dirname, '..');
export const ICON_SIZES = [16, 32, 48, 128] as const;
export const TOOLBAR_SIZES = [16, 32] as const;

const CHECK = '<path d="M40 64 L57 81 L90 46" fill="none" stroke="#ffffff" stroke-width="13" stroke-linecap="round" stroke-linejoin="round"/>';
const BANG = '<path d="M64 34 V72" stroke="#ffffff" stroke-width="16" stroke-linecap="round"/><circle cx="64" cy="95" r="9.5" fill="#ffffff"/>';
const QUESTION =
  '<path d="M46 50 C46 28 84 28 84 50 C84 64 64 64 64 78" fill="none" stroke="#ffffff" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/><circle cx="64" cy="98" r="9" fill="#ffffff"/>';

/** Shield colours (top, bottom, outline) and glyph per level; white glyphs keep AA contrast on each colour. */
const LEVELS = {
  none: { top: '#2563eb', bottom: '#1e3a8a', outline: '#0f1e4d', glyph: CHECK },
  caution: { top: '#a77b00', bottom: '#6b4f00', outline: '#2e2200', glyph: QUESTION },
  warn: { top: '#d35400', bottom: '#8a3300', outline: '#3d1600', glyph: BANG },
  block: { top: '#d0021b', bottom: '#7a0010', outline: '#33000a', glyph: BANG },
} as const;

function levelSvg(level: keyof typeof LEVELS): string {
  const c = LEVELS[level];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${c.top}"/><stop offset="1" stop-color="${c.bottom}"/></linearGradient></defs>
  <path d="M64 6 L114 24 V60 C114 92 92 112 64 122 C36 112 14 92 14 60 V24 Z" fill="url(#g)" stroke="${c.outline}" stroke-width="6" stroke-linejoin="round"/>
  ${c.glyph}
</svg>`;
}

const dataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  pipe: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND'],
});
try {
  const page = await browser.newPage();
  mkdirSync(join(ROOT, 'public/icon'), { recursive: true });
  const render = async (svg: string, size: number, file: string) => {
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUrl(svg)}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.waitForFunction(() => document.images[0]?.complete === true);
    await page.screenshot({ path: join(ROOT, 'public/icon', file) as `${string}.png`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };
  const svg = readFileSync(join(ROOT, 'assets/icon.svg'), 'utf8');
  for (const size of ICON_SIZES) await render(svg, size, `${size}.png`);
  for (const level of Object.keys(LEVELS) as (keyof typeof LEVELS)[]) {
    for (const size of TOOLBAR_SIZES) await render(levelSvg(level), size, `level-${level}-${size}.png`);
  }
  console.log(`icons: ${ICON_SIZES.join(', ')} px and toolbar levels ${Object.keys(LEVELS).join(', ')} at ${TOOLBAR_SIZES.join(', ')} px → public/icon/`);
} finally {
  await browser.close();
}
