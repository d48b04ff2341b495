import fc from 'fast-check';
import { CATEGORIES, SEVERITIES } from '../../../../src/core/types.ts';
import type { ListEntryInput } from '../../../../src/core/lists/index.ts';

const label = fc.constantFrom('a', 'b', 'scam', 'shop', 'pay', 'x1', '中');
const key = fc.oneof(
  fc.tuple(label, fc.constantFrom('com', 'cn', 'co.uk')).map(([l, t]) => `${l}.${t}/`),
  fc.tuple(label, label).map(([a, b]) => `sites.google.com/view/${a}${b}/`),
  fc.string({ maxLength: 6 }).map((s) => `wallet:trx:T${s}`),
);

export const entryArb: fc.Arbitrary<ListEntryInput> = fc
  .record(
    {
      key,
      category: fc.constantFrom(...CATEGORIES),
      severity: fc.constantFrom(...SEVERITIES),
      firstSeen: fc.constantFrom('2025-01-01', '2025-02-03', '2024-12-31'),
      sources: fc.array(fc.constantFrom('tw165', 'jarelllama', 'user-report', '源'), { maxLength: 2 }),
    },
    { requiredKeys: ['key', 'category', 'severity'] },
  );

export const entriesArb = fc.array(entryArb, { maxLength: 40 });

/** Byte equality without a deep-equal walk (tables carry a 256 KiB index). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
