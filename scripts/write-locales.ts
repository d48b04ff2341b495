/** Writes public/_locales/<lang>/messages.json from the string tables merged in scripts/locales.ts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_MESSAGES, type Lang } from './locales';

export function renderLocale(lang: Lang): string {
  const out: Record<string, { message: string }> = {};
  for (const [key, row] of Object.entries(ALL_MESSAGES)) out[key] = { message: row[lang] };
  return JSON.stringify(out, null, 2) + '\n';
}

export const LANGS: Lang[] = ['en', 'zh_CN', 'zh_TW'];

if (process.argv[1]?.endsWith('write-locales.ts')) {
  for (const lang of LANGS) {
    const dir = join('public', '_locales', lang);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'messages.json'), renderLocale(lang));
  }
  console.log(`wrote ${LANGS.length} locales`);
}
