/**
 * `npm run icons`: renders assets/icon.svg to public/icon/{16,32,48,128}.png with Debian Chromium (headless, no
 * network). The PNGs are committed; run this again after changing the SVG.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = resolve(import.meta.dirname, '..');
export const ICON_SIZES = [16, 32, 48, 128] as const;

const svg = readFileSync(join(ROOT, 'assets/icon.svg'), 'utf8');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  pipe: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND'],
});
try {
  const page = await browser.newPage();
  mkdirSync(join(ROOT, 'public/icon'), { recursive: true });
  for (const size of ICON_SIZES) {
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.waitForFunction(() => document.images[0]?.complete === true);
    await page.screenshot({ path: join(ROOT, `public/icon/${size}.png`) as `${string}.png`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  }
  console.log(`icons: ${ICON_SIZES.join(', ')} px → public/icon/`);
} finally {
  await browser.close();
}
