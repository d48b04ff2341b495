import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGS, renderLocale } from '../../../scripts/write-locales';
import { MESSAGES } from '../../../scripts/locales.source';

describe('locales', () => {
  it.each(LANGS)('public/_locales/%s is generated from the source table (run `npm run locales`)', (lang) => {
    expect(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')).toBe(renderLocale(lang));
  });

  it('every string exists in every language with the same placeholders', () => {
    for (const [key, row] of Object.entries(MESSAGES)) {
      const ph = (s: string) => (s.match(/\$\d/g) ?? []).sort().join();
      for (const lang of LANGS) {
        expect(row[lang].trim(), `${key}.${lang}`).not.toBe('');
        expect(ph(row[lang]), `${key}.${lang}`).toBe(ph(row.en));
      }
    }
  });
});
