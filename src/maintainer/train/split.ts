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
 * These are the PAGE rules (unchanged since corpus5). Text data sets are dealt by assignTextSplits /
 * assignTextFolds (below): a text data set is usually a mixed spam + ham collection, which the majority rule
 * dealt as legit, so the text test side held none of the target scam types (issue 13). assignSplits and
 * assignFolds pick the text rules for corpus text items (kindOf) or when told `kind: 'text'`.
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

/** Pages and texts are dealt by different rules (see the header). Callers may say which; otherwise corpus text
 *  items are recognised by their `text` field (page items carry `kind` and no `text`). */
export type ItemKind = 'page' | 'text';
export function kindOf(items: readonly Groupable[]): ItemKind {
  return items.length > 0 && items.every((it) => typeof (it as { text?: unknown }).text === 'string' && !('kind' in it)) ? 'text' : 'page';
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
  const counts = labelCounts(items);
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

/** Sides already published for page source groups (corpus/page-sides.json): group → side. */
export type FrozenSides = ReadonlyMap<string, Side>;

export class SplitError extends Error {}

export function assignSplits(items: readonly Groupable[], seed: number, kind: ItemKind = kindOf(items), frozen?: FrozenSides): Map<string, Side> {
  if (kind === 'text') return assignTextSplits(items, seed);
  if (frozen && frozen.size > 0) return assignWithFrozen(items, seed, frozen);
  const out = new Map<string, Side>([[FIXTURES_GROUP, 'train']]);
  const size = groupSizes(items);
  for (const list of groupsByLabel(items, seed).values()) dealList(list, size, out);
  return out;
}

/**
 * Pages with published sides: a split group holding a group of the frozen table keeps that group's side (so a test
 * figure stays comparable when sources are added, and no old test group drifts into training); the other split
 * groups are dealt per majority label as usual, each to the side furthest below its share of that label's items,
 * counting what the frozen groups already put there. A split group whose groups were published on different sides
 * (a new near-copy joined a train and a test repository) is an error: it would leak across the split.
 */
function assignWithFrozen(items: readonly Groupable[], seed: number, frozen: FrozenSides): Map<string, Side> {
  const out = new Map<string, Side>([[FIXTURES_GROUP, 'train']]);
  const sideOf = new Map<string, Side>();
  for (const it of items) {
    const g = (it as { group?: string }).group ?? it.splitGroup;
    const f = frozen.get(g);
    if (!f || it.splitGroup === FIXTURES_GROUP) continue;
    const had = sideOf.get(it.splitGroup);
    if (had && had !== f) throw new SplitError(`split group ${it.splitGroup} joins groups published on the ${had} and the ${f} side (near-copies across the split)`);
    sideOf.set(it.splitGroup, f);
  }
  const size = groupSizes(items);
  for (const list of groupsByLabel(items, seed).values()) {
    const got = new Map<Side, number>();
    const open: string[] = [];
    for (const g of list) {
      const f = sideOf.get(g);
      if (f) {
        out.set(g, f);
        got.set(f, (got.get(f) ?? 0) + (size.get(g) ?? 0));
      } else open.push(g);
    }
    dealList(open, size, out, got);
  }
  return out;
}

/** The published side of every page source group, from a split (the table written to corpus/page-sides.json). */
export function sidesByGroup(items: readonly (Groupable & { group: string })[], sides: ReadonlyMap<string, Side>): Record<string, Side> {
  const out: Record<string, Side> = {};
  for (const it of [...items].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))) {
    const s = sides.get(it.splitGroup);
    if (s && it.group !== FIXTURES_GROUP) out[it.group] = s;
  }
  return out;
}

/** Deals one label's groups (largest first) to the side furthest below its share of that label's items; `got`
 *  holds what earlier placements already put on each side (empty: the first three groups open the sides in order). */
export function dealList(list: readonly string[], size: ReadonlyMap<string, number>, out: Map<string, Side>, got = new Map<Side, number>()): void {
  const opening = SHARES.every(([s]) => !got.get(s));
  let total = SHARES.reduce((a, [s]) => a + (got.get(s) ?? 0), 0);
  list.forEach((g, i) => {
    const n = size.get(g) ?? 0;
    // the first three groups open the sides in order; afterwards, the side furthest below its share
    let side: Side = (opening ? SHARES[i]?.[0] : undefined) ?? 'train';
    if (!opening || i >= SHARES.length) {
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

export function assignFolds(items: readonly Groupable[], k: number, seed: number, kind: ItemKind = kindOf(items)): Map<string, number> {
  if (kind === 'text') return assignTextFolds(items, k, seed);
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
export function withoutTestGroups<T extends Groupable>(items: readonly T[], seed: number, frozen?: FrozenSides): T[] {
  const sides = assignSplits(items, seed, kindOf(items), frozen);
  return items.filter((it) => sides.get(it.splitGroup) !== 'test');
}

// ---- texts ----

/** A data set is dealt under a scam type when it holds at least this many items of it: enough to read a per-type
 *  recall off (one item ≈ 5 points at 20) and few enough that mixed spam + ham sets and the small typed slices
 *  of multi-type sets (SmishTank's task-rebate, Fraud-R1's fake-service) count. */
export const MIN_TYPE_ITEMS = 20;
const MISSING_SIDE = 1000; // cost of a required side without any data set of a type (vs ≤ 3 for share errors)

function labelCounts(items: readonly Groupable[]): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const it of items) {
    if (it.splitGroup === FIXTURES_GROUP) continue;
    const m = counts.get(it.splitGroup) ?? new Map<string, number>();
    m.set(it.label, (m.get(it.label) ?? 0) + 1);
    counts.set(it.splitGroup, m);
  }
  return counts;
}

/** Per scam type, the data sets holding ≥ MIN_TYPE_ITEMS of it. */
export function typedSets(items: readonly Groupable[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [g, m] of [...labelCounts(items)].sort(([a], [b]) => (a < b ? -1 : 1)))
    for (const [label, n] of m) if (label !== 'legit' && n >= MIN_TYPE_ITEMS) out.set(label, [...(out.get(label) ?? []), g]);
  return out;
}

/** Sides a type needs: train always; test with ≥ 2 data sets; validation with ≥ 3. */
function neededSides(n: number): Side[] {
  return n >= 3 ? ['train', 'test', 'val'] : n === 2 ? ['train', 'test'] : ['train'];
}

function placementCost(place: ReadonlyMap<string, Side>, typed: ReadonlyMap<string, string[]>, counts: ReadonlyMap<string, ReadonlyMap<string, number>>): number {
  let cost = 0;
  for (const [type, sets] of typed) {
    const got = new Map<Side, number>();
    let total = 0;
    for (const g of sets) {
      const n = counts.get(g)?.get(type) ?? 0;
      const s = place.get(g) ?? 'train';
      got.set(s, (got.get(s) ?? 0) + n);
      total += n;
    }
    for (const s of neededSides(sets.length)) if (!got.get(s)) cost += MISSING_SIDE;
    for (const [s, share] of SHARES) cost += ((got.get(s) ?? 0) / total - share) ** 2;
  }
  return cost;
}

/** Up to this many typed data sets, every placement is tried (3^10 = 59,049); beyond, coordinate descent. */
const EXHAUSTIVE_SETS = 10;

/**
 * The typed data sets' sides, minimising placementCost: the cost counts every required side a type lacks
 * (MISSING_SIDE each) plus, per type, the squared distance of its items' side shares from SHARES. With ≤
 * EXHAUSTIVE_SETS sets every placement is tried (ties: the first in seeded-hash order, train before test before
 * val); with more, coordinate descent from all-train moves one set at a time while the cost falls.
 */
function placeTypedSets(typed: ReadonlyMap<string, string[]>, counts: ReadonlyMap<string, ReadonlyMap<string, number>>, seed: number): Map<string, Side> {
  const sets = [...new Set([...typed.values()].flat())].sort((a, b) => hashString(a, seed) - hashString(b, seed) || (a < b ? -1 : 1));
  const place = new Map<string, Side>(sets.map((g) => [g, 'train']));
  let best = placementCost(place, typed, counts);
  if (sets.length <= EXHAUSTIVE_SETS) {
    let bestCode = 0;
    for (let code = 1; code < SHARES.length ** sets.length; code++) {
      sets.forEach((g, i) => place.set(g, SHARES[Math.floor(code / SHARES.length ** i) % SHARES.length]![0]));
      const c = placementCost(place, typed, counts);
      if (c < best - 1e-12) [best, bestCode] = [c, code];
    }
    sets.forEach((g, i) => place.set(g, SHARES[Math.floor(bestCode / SHARES.length ** i) % SHARES.length]![0]));
    return place;
  }
  for (let moved = true, rounds = 0; moved && rounds < 100; rounds++) {
    moved = false;
    for (const g of sets)
      for (const [s] of SHARES) {
        const was = place.get(g) ?? 'train';
        if (s === was) continue;
        place.set(g, s);
        const c = placementCost(place, typed, counts);
        if (c < best - 1e-12) {
          best = c;
          moved = true;
        } else place.set(g, was);
      }
  }
  return place;
}

/**
 * Texts: data sets holding ≥ MIN_TYPE_ITEMS of a scam type are placed first (placeTypedSets) so that every type
 * with ≥ 2 such sets has one in test and train, and with ≥ 3 one in validation too. The other data sets (legit
 * only, or too few scam items) are dealt per majority label as pages are, counting what the typed sets already
 * put on each side (their legit items included), so legit still splits about 60/20/20.
 */
export function assignTextSplits(items: readonly Groupable[], seed: number): Map<string, Side> {
  const out = new Map<string, Side>([[FIXTURES_GROUP, 'train']]);
  const counts = labelCounts(items);
  const typed = typedSets(items);
  const placed = placeTypedSets(typed, counts, seed);
  for (const [g, s] of placed) out.set(g, s);
  const size = groupSizes(items);
  for (const [label, list] of groupsByLabel(items, seed)) {
    const got = new Map<Side, number>();
    for (const [g, s] of placed) got.set(s, (got.get(s) ?? 0) + (counts.get(g)?.get(label) ?? 0));
    dealList(
      list.filter((g) => !placed.has(g)),
      size,
      out,
      got,
    );
  }
  return out;
}

/**
 * Text folds, balanced and nearly stable. Data sets in seeded-hash order (not size order) each take their own
 * hash fold (hash mod k) or, when it is full, the next fold with room (linear probing). Room: the first k·⌊n/k⌋
 * sets fill every fold to ⌊n/k⌋, the rest to ⌊n/k⌋ + 1, so fold sizes differ by at most one and none is empty
 * when n ≥ k. A set's fold depends only on the sets hashing before it and on ⌊n/k⌋: adding a set never moves
 * one that hashes before it, and moves a later one only when the new set (or a set it pushed on) takes its slot.
 * A pure hash (fold = hash mod k, strictly stable) left 2 of 5 folds of the real non-test text sets empty.
 */
export function assignTextFolds(items: readonly Groupable[], k: number, seed: number): Map<string, number> {
  if (!Number.isInteger(k) || k < 1) throw new Error(`assignFolds: k must be a whole number ≥ 1 (got ${k})`);
  const out = new Map<string, number>([[FIXTURES_GROUP, -1]]);
  const sets = [...labelCounts(items).keys()].sort((a, b) => hashString(a, seed) - hashString(b, seed) || (a < b ? -1 : 1));
  const floor = Math.floor(sets.length / k);
  const size = new Array<number>(k).fill(0);
  sets.forEach((g, i) => {
    const cap = i < floor * k ? floor : floor + 1;
    let f = hashString(g, seed + 1) % k;
    while (size[f]! >= cap) f = (f + 1) % k;
    size[f]!++;
    out.set(g, f);
  });
  return out;
}
