import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGS, renderLocale } from '../../../scripts/write-locales';
import { LOCALES } from '../../../src/ui/locales';

describe('locales', () => {
  it.each(LANGS)('public/_locales/%s is generated from src/ui/locales (run `npm run locales`)', (lang) => {
    expect(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')).toBe(renderLocale(lang));
  });

  it('every language file has exactly the keys of the reference (en)', () => {
    expect(LANGS).toEqual(expect.arrayContaining(['en', 'zh_CN', 'zh_TW']));
    for (const lang of LANGS) expect(Object.keys(LOCALES[lang]).sort(), lang).toEqual(Object.keys(LOCALES.en).sort());
  });

  it('every string exists in every language with the same placeholders', () => {
    const ph = (s: string) => (s.match(/\$\d/g) ?? []).sort().join();
    for (const [key, en] of Object.entries(LOCALES.en)) {
      for (const lang of LANGS) {
        const s = (LOCALES[lang] as Record<string, string>)[key] ?? '';
        expect(s.trim(), `${key}.${lang}`).not.toBe('');
        expect(ph(s), `${key}.${lang}`).toBe(ph(en));
      }
    }
  });
});
