/**
 * Grouped, seeded splits: a split group (a source repository or data set, joined with the groups it shares
 * near-duplicate items with) lands on one side only. Groups are dealt per majority label so every scam type
 * that has ≥ 2 groups is represented in train and in test.
 *
 *   assignSplits(items, seed) → Map<splitGroup, 'train' | 'val' | 'test'>
 *     per majority label, groups from the largest down (ties: hash(seed, group)), each dealt to the side furthest
 *     below its share of that label's items (SHARES: train 60 %, val 20 %, test 20 %; the first goes to train,
 *     the second to test, the third to val). Without sizes, one huge group could leave train with no legit pages.
 *   assignFolds(items, k, seed) → Map<splitGroup, fold 0..k-1>
 * The synthetic fixtures group is always 'train' (fold −1): regression material, never the measure.
 */
export type Side = 'train' | 'val' | 'test';

export const FIXTURES_GROUP = 'fixtures';
const SHARES: readonly [Side, number][] = [
  ['train', 0.6],
  ['test', 0.2],
  ['val', 0.2],
];

export interface Groupable {
  readonly splitGroup: string;
  readonly label: string;
}

export function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 12)) >>> 0;
}

/** Groups by majority label (ties: the label that sorts first), each list ordered by seeded hash. */
function groupsByLabel(items: readonly Groupable[], seed: number): Map<string, string[]> {
  const size = new Map<string, number>();
  for (const it of items) size.set(it.splitGroup, (size.get(it.splitGroup) ?? 0) + 1);
  const counts = new Map<string, Map<string, number>>();
  for (const it of items) {
    if (it.splitGroup === FIXTURES_GROUP) continue;
    const m = counts.get(it.splitGroup) ?? new Map<string, number>();
    m.set(it.label, (m.get(it.label) ?? 0) + 1);
    counts.set(it.splitGroup, m);
  }
  const byLabel = new Map<string, string[]>();
  for (const [g, m] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // a group with any scam items counts under its main scam label (a repo's legit-looking pages ride along)
    const entries = [...m].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    const scam = entries.find(([l]) => l !== 'legit');
    const label = scam && scam[1] * 4 >= (m.get('legit') ?? 0) ? scam[0] : (entries[0]?.[0] ?? 'legit');
    const list = byLabel.get(label) ?? [];
    list.push(g);
    byLabel.set(label, list);
  }
  for (const list of byLabel.values()) list.sort((a, b) => (size.get(b) ?? 0) - (size.get(a) ?? 0) || hashString(a, seed) - hashString(b, seed) || (a < b ? -1 : 1));
  return byLabel;
}

function groupSizes(items: readonly Groupable[]): Map<string, number> {
  const size = new Map<string, number>();
  for (const it of items) size.set(it.splitGroup, (size.get(it.splitGroup) ?? 0) + 1);
  return size;
}

export function assignSplits(items: readonly Groupable[], seed: number): Map<string, Side> {
  const out = new Map<string, Side>([[FIXTURES_GROUP, 'train']]);
  const size = groupSizes(items);
  for (const list of groupsByLabel(items, seed).values()) {
    const got = new Map<Side, number>(SHARES.map(([s]) => [s, 0]));
    let total = 0;
    list.forEach((g, i) => {
      const n = size.get(g) ?? 0;
      // the first three groups open the sides in order; afterwards, the side furthest below its share
      let side: Side = SHARES[i]?.[0] ?? 'train';
      if (i >= SHARES.length) {
        let worst = Infinity;
        for (const [s, share] of SHARES) {
          const deficit = (got.get(s) ?? 0) - share * (total + n);
          if (deficit < worst) {
            worst = deficit;
            side = s;
          }
        }
      }
      got.set(side, (got.get(side) ?? 0) + n);
      total += n;
      out.set(g, side);
    });
  }
  return out;
}

export function assignFolds(items: readonly Groupable[], k: number, seed: number): Map<string, number> {
  const out = new Map<string, number>([[FIXTURES_GROUP, -1]]);
  let offset = 0;
  for (const [, list] of [...groupsByLabel(items, seed)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.forEach((g, i) => out.set(g, (i + offset) % k));
    offset += list.length;
  }
  return out;
}

/** The items model selection may look at: every group the grouped split does not put on the test side (the
 *  fixtures included). `npm run eval -- select` folds these only, so choices never see the test groups. */
export function withoutTestGroups<T extends Groupable>(items: readonly T[], seed: number): T[] {
  const sides = assignSplits(items, seed);
  return items.filter((it) => sides.get(it.splitGroup) !== 'test');
}
