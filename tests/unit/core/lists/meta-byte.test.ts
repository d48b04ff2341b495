/**
 * The table's meta byte packs the category into 3 bits (CATEGORIES order) and the severity into 2. A ninth category
 * would silently decode as another type with another severity; this test stops that change until the list format
 * gets a full category byte (format 3), and proves every category/severity round-trips today.
 */
import { describe, expect, it } from 'vitest';
import { isValidMeta, metaCategory, metaSeverity, packMeta } from '../../../../src/core/lists/table';
import { CATEGORIES, SEVERITIES } from '../../../../src/core/types';

describe('list meta byte', () => {
  it('has room for every category and severity (a ninth category needs list format 3)', () => {
    expect(CATEGORIES.length).toBeLessThanOrEqual(8);
    expect(SEVERITIES.length).toBeLessThanOrEqual(4);
  });

  it('round-trips every category × severity and refuses bytes outside the layout', () => {
    for (const c of CATEGORIES) {
      for (const s of SEVERITIES) {
        const m = packMeta(c, s);
        expect(isValidMeta(m)).toBe(true);
        expect([metaCategory(m), metaSeverity(m)]).toEqual([c, s]);
      }
    }
    expect(isValidMeta(32)).toBe(false);
    expect(isValidMeta(3 << 3)).toBe(false);
  });
});
