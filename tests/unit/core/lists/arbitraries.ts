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

/** Two small lists one delta apart: one entry kept, one removed, one changed (severity, dates, sources), one added. */
const A: ListEntryInput[] = [
  { key: 'keep.example/', category: 'phishing', severity: 'high', firstSeen: '2025-01-01', sources: ['a'] },
  { key: 'gone.example/', category: 'fake-shop', severity: 'low' },
  { key: 'changes.example/', category: 'investment', severity: 'low' },
];
export const DELTA_PAIR: { readonly A: ListEntryInput[]; readonly B: ListEntryInput[] } = {
  A,
  B: [
    A[0]!,
    { key: 'changes.example/', category: 'investment', severity: 'high', firstSeen: '2025-02-02', sources: ['b'] },
    { key: 'new.example/', category: 'task-rebate', severity: 'medium', sources: ['user-report'] },
  ],
};
