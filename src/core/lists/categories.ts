/**
 * Stable numeric ids of list categories and severities: what list format 3 stores (one category byte per entry, a
 * 2-bit severity per entry). An id, once given, is never changed or reused: a snapshot or delta written years ago
 * must decode to the same type and severity. A new category gets the next free id (the `Record` type makes a
 * category without an id a compile error; tests/unit/core/lists/category-ids.test.ts pins every id given so far).
 *
 *   category id  0 reserved (never a category: a zeroed byte cannot pass as one), 1–255 categories
 *   severity id  0 low, 1 medium, 2 high, 3 reserved (the severity field is 2 bits)
 *
 * List format 2 packed the category into 3 bits as `id − 1` (CATEGORIES order at the time) and the severity into
 * bits 3–4 of the same byte, so it can only express ids 1–8: FORMAT2_MAX_CATEGORY_ID.
 */
import { CATEGORIES, type Category, type Severity } from '../types.ts';

export const CATEGORY_IDS: Readonly<Record<Category, number>> = Object.freeze({
  'task-rebate': 1,
  investment: 2,
  'fake-shop': 3,
  'fake-service': 4,
  'credit-repair': 5,
  phishing: 6,
  malware: 7,
  other: 8,
});

export const SEVERITY_IDS: Readonly<Record<Severity, number>> = Object.freeze({ low: 0, medium: 1, high: 2 });

/** The largest category id a category byte holds. */
export const MAX_CATEGORY_ID = 255;
/** The largest severity id the 2-bit field holds (3 is reserved: an invalid entry). */
export const MAX_SEVERITY_ID = 2;
/** Format 2 stored `id − 1` in 3 bits. */
export const FORMAT2_MAX_CATEGORY_ID = 8;

const CATEGORY_OF_ID: (Category | undefined)[] = new Array<Category | undefined>(MAX_CATEGORY_ID + 1).fill(undefined);
const SEVERITY_OF_ID: Severity[] = [];
/** 1 where the byte is a known category id (a lookup table for the per-entry check of a snapshot). */
export const VALID_CATEGORY_ID = new Uint8Array(MAX_CATEGORY_ID + 1);

for (const c of CATEGORIES) {
  const id = CATEGORY_IDS[c];
  if (!Number.isInteger(id) || id < 1 || id > MAX_CATEGORY_ID || CATEGORY_OF_ID[id] !== undefined) {
    throw new Error(`category ${c}: id ${id} is not a free id in 1–${MAX_CATEGORY_ID}`);
  }
  CATEGORY_OF_ID[id] = c;
  VALID_CATEGORY_ID[id] = 1;
}
for (const [s, id] of Object.entries(SEVERITY_IDS) as [Severity, number][]) SEVERITY_OF_ID[id] = s;

export function categoryId(c: Category): number {
  return CATEGORY_IDS[c];
}

/** The category of an id, or undefined for 0 and ids not given (yet). */
export function categoryOfId(id: number): Category | undefined {
  return CATEGORY_OF_ID[id];
}

export function severityId(s: Severity): number {
  return SEVERITY_IDS[s];
}

export function severityOfId(id: number): Severity | undefined {
  return SEVERITY_OF_ID[id];
}
