/**
 * `npm run corpus -- train-holdout`: the held-out pages join the corpus on the train side; what is measured (the
 * validation and test sides) does not change. Runs on a copy of the real corpus in a temporary directory.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOLDOUT_PAGES_FILE, loadCorpus, loadHoldoutPages, PAGE_SIDES_FILE } from '../../../src/maintainer/corpus/load.ts';
import { trainHoldout, TrainHoldoutError } from '../../../src/maintainer/corpus/train-holdout.ts';
import { SEED } from '../../../src/maintainer/train/pipeline.ts';
import { assignSplits } from '../../../src/maintainer/train/split.ts';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'corpus');

function copyCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-trainholdout-'));
  for (const f of ['pages.jsonl.gz', 'stats.json', PAGE_SIDES_FILE, HOLDOUT_PAGES_FILE]) copyFileSync(join(CORPUS, f), join(dir, f));
  return dir;
}

/** Item ids per measured side, as the published split deals the corpus in `dir`. */
function measured(dir: string): { val: string[]; test: string[] } {
  const c = loadCorpus(dir);
  const sides = assignSplits(c.pages, SEED, 'page', c.pageSides);
  const on = (s: string): string[] => c.pages.filter((p) => sides.get(p.splitGroup) === s).map((p) => p.id).sort();
  return { val: on('val'), test: on('test') };
}

describe('train-holdout', () => {
  it('moves the held-out pages to the train side; the validation and test items stay exactly as they were', () => {
    const dir = copyCorpus();
    const before = loadCorpus(dir);
    const held = loadHoldoutPages(dir);
    const sidesBefore = JSON.parse(readFileSync(join(dir, PAGE_SIDES_FILE), 'utf8')) as { sides: Record<string, string> };
    const measuredBefore = measured(dir);

    const r = trainHoldout(dir);
    expect(r.moved + r.stayed).toBe(held.length);
    expect(r.moved).toBeGreaterThan(300);
    expect(r.pages).toBe(before.pages.length + r.moved);

    const after = loadCorpus(dir);
    const ids = new Set(after.pages.map((p) => p.id));
    const sidesAfter = JSON.parse(readFileSync(join(dir, PAGE_SIDES_FILE), 'utf8')) as { sides: Record<string, string> };
    // every old group keeps its published side; every moved repository is published on the train side
    for (const [g, s] of Object.entries(sidesBefore.sides)) expect(sidesAfter.sides[g], g).toBe(s);
    const stayed = loadHoldoutPages(dir);
    expect(stayed.length).toBe(r.stayed);
    for (const p of held) {
      if (ids.has(p.id)) expect(sidesAfter.sides[p.group], p.group).toBe('train');
      else expect(stayed.some((s) => s.id === p.id), p.id).toBe(true);
    }
    expect(measured(dir)).toEqual(measuredBefore);
    // what stayed behind are near-copies of measured sources: their split group is a validation or test group's
    const dealt = assignSplits(before.pages, SEED, 'page', before.pageSides);
    for (const p of stayed) expect(['val', 'test'], p.id).toContain(dealt.get(p.splitGroup));
    const stats = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8')) as { pages: Record<string, number> };
    expect(Object.values(stats.pages).reduce((a, b) => a + b, 0)).toBe(after.pages.length);
    rmSync(dir, { recursive: true });
  });

  it('refuses without held-out pages or without a published split, and writes nothing', () => {
    const dir = copyCorpus();
    rmSync(join(dir, HOLDOUT_PAGES_FILE));
    const pages = readFileSync(join(dir, 'pages.jsonl.gz'));
    expect(() => trainHoldout(dir)).toThrow(TrainHoldoutError);
    expect(() => trainHoldout(dir)).toThrow(/no held-out pages/);
    copyFileSync(join(CORPUS, HOLDOUT_PAGES_FILE), join(dir, HOLDOUT_PAGES_FILE));
    rmSync(join(dir, PAGE_SIDES_FILE));
    expect(() => trainHoldout(dir)).toThrow(/publish the split first/);
    expect(readFileSync(join(dir, 'pages.jsonl.gz')).equals(pages)).toBe(true);
    expect(existsSync(join(dir, HOLDOUT_PAGES_FILE))).toBe(true);
    rmSync(dir, { recursive: true });
  });
});
