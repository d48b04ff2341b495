import { describe, expect, it } from 'vitest';
import { classifyCorpus, computeMetrics } from './corpus.ts';

describe('labelled corpus (tests/fixtures/pages) — the eval targets', () => {
  const results = classifyCorpus();
  const m = computeMetrics(results);

  it('has ≥ 80 scam pages across every type and ≥ 80 legit pages', () => {
    expect(m.scamN).toBeGreaterThanOrEqual(80);
    expect(m.legitN).toBeGreaterThanOrEqual(80);
    for (const t of m.types) expect(t.n, t.type).toBeGreaterThanOrEqual(10);
  });

  it('zero warn-level false positives on the legit set', () => {
    expect(m.legitWarn.map((r) => r.file)).toEqual([]);
  });

  it('recall ≥ 90% per type (flagged with the right type)', () => {
    for (const t of m.types) expect(t.recall, t.type).toBeGreaterThanOrEqual(0.9);
  });

  it('every flagged page explains itself', () => {
    for (const r of results) if (r.level !== 'none') expect(r.evidence, r.file).not.toBe('');
  });
});
