/**
 * Category and severity ids (core/lists/categories.ts) and the two list formats that store them: format 3 has a
 * category byte (ids 1–255) and a 2-bit severity; format 2 (still read) packed `id − 1` into 3 bits. An id once
 * given is never changed or reused — this file pins every one, so renumbering or reusing an id fails here, and so
 * does a category the formats cannot encode.
 */
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_IDS,
  FORMAT2_MAX_CATEGORY_ID,
  MAX_CATEGORY_ID,
  MAX_SEVERITY_ID,
  SEVERITY_IDS,
  categoryOfId,
  severityOfId,
} from '../../../../src/core/lists/categories';
import { isValidMeta, metaCategory, metaSeverity, packMeta } from '../../../../src/core/lists/table';
import { CATEGORIES, SEVERITIES } from '../../../../src/core/types';

/** Every id ever given. Append new categories here with the next free id; never edit a line. */
const PINNED_CATEGORY_IDS: Record<string, number> = {
  'task-rebate': 1,
  investment: 2,
  'fake-shop': 3,
  'fake-service': 4,
  'credit-repair': 5,
  phishing: 6,
  malware: 7,
  other: 8,
};
const PINNED_SEVERITY_IDS: Record<string, number> = { low: 0, medium: 1, high: 2 };

describe('stable category and severity ids', () => {
  it('every category has its pinned id; ids are unique and fit the category byte', () => {
    for (const [c, id] of Object.entries(PINNED_CATEGORY_IDS)) expect(CATEGORY_IDS[c as keyof typeof CATEGORY_IDS], c).toBe(id);
    for (const c of CATEGORIES) expect(PINNED_CATEGORY_IDS[c], `${c} has no pinned id: add it to this test`).toBe(CATEGORY_IDS[c]);
    const ids = CATEGORIES.map((c) => CATEGORY_IDS[c]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id >= 1 && id <= MAX_CATEGORY_ID).toBe(true);
    expect(CATEGORIES.length).toBeLessThanOrEqual(MAX_CATEGORY_ID);
    for (const c of CATEGORIES) expect(categoryOfId(CATEGORY_IDS[c])).toBe(c);
    expect(categoryOfId(0)).toBeUndefined();
  });

  it('every severity has its pinned id and fits the 2-bit field (3 stays reserved)', () => {
    expect({ ...SEVERITY_IDS }).toEqual(PINNED_SEVERITY_IDS);
    expect(SEVERITIES.length).toBeLessThanOrEqual(MAX_SEVERITY_ID + 1);
    expect(MAX_SEVERITY_ID).toBeLessThan(3);
    for (const s of SEVERITIES) expect(severityOfId(SEVERITY_IDS[s])).toBe(s);
    expect(severityOfId(3)).toBeUndefined();
  });
});

describe('list format 2 meta byte (read, and written only for format-2 tables)', () => {
  it('round-trips every category format 2 can express × severity, and refuses bytes outside the layout', () => {
    for (const c of CATEGORIES) {
      for (const s of SEVERITIES) {
        if (CATEGORY_IDS[c] > FORMAT2_MAX_CATEGORY_ID) {
          expect(() => packMeta(c, s)).toThrow(/needs list format 3/);
          continue;
        }
        const m = packMeta(c, s);
        expect(isValidMeta(m)).toBe(true);
        expect([metaCategory(m), metaSeverity(m)]).toEqual([c, s]);
      }
    }
    expect(isValidMeta(32)).toBe(false);
    expect(isValidMeta(3 << 3)).toBe(false);
  });
});
