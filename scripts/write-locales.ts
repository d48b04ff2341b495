/** Writes public/_locales/<lang>/messages.json from the language files in src/ui/locales (one per language). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, type Lang, type MessageKey } from '../src/ui/locales';

export function renderLocale(lang: Lang): string {
  const out: Record<string, { message: string }> = {};
  for (const key of Object.keys(LOCALES.en) as MessageKey[]) out[key] = { message: LOCALES[lang][key] };
  return JSON.stringify(out, null, 2) + '\n';
}

export const LANGS = Object.keys(LOCALES) as Lang[];

if (process.argv[1]?.endsWith('write-locales.ts')) {
  for (const lang of LANGS) {
    const dir = join('public', '_locales', lang);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'messages.json'), renderLocale(lang));
  }
  console.log(`wrote ${LANGS.length} locales`);
}
