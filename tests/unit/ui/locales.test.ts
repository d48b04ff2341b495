import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGS, renderLocale } from '../../../scripts/write-locales';
import { ALL_MESSAGES, MESSAGE_TABLES } from '../../../scripts/locales';

describe('locales', () => {
  it.each(LANGS)('public/_locales/%s is generated from the source table (run `npm run locales`)', (lang) => {
    expect(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')).toBe(renderLocale(lang));
  });

  it('no key is defined in two tables', () => {
    const total = MESSAGE_TABLES.reduce((n, t) => n + Object.keys(t).length, 0);
    expect(Object.keys(ALL_MESSAGES)).toHaveLength(total);
  });

  it('every string exists in every language with the same placeholders', () => {
    for (const [key, row] of Object.entries(ALL_MESSAGES)) {
      const ph = (s: string) => (s.match(/\$\d/g) ?? []).sort().join();
      for (const lang of LANGS) {
        expect(row[lang].trim(), `${key}.${lang}`).not.toBe('');
        expect(ph(row[lang]), `${key}.${lang}`).toBe(ph(row.en));
      }
    }
  });
});
