/**
 * Invariants of the corpus in git (corpus/*.jsonl.gz, corpus/stats.json), checked on the committed files: provenance
 * on every item, stats.json in step with the data, and the balance rules the corpus README promises (issue 13):
 * phishing e-mails only next to ordinary e-mail of the same register, and templates / language tables not a
 * scam-only kind (the model must not learn "reads like a template" as scam evidence).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/maintainer/corpus/load.ts';

const CORPUS_DIR = join(import.meta.dirname, '..', '..', '..', 'corpus');
const corpus = loadCorpus(CORPUS_DIR);
const stats = JSON.parse(readFileSync(join(CORPUS_DIR, 'stats.json'), 'utf8')) as {
  pages: Record<string, number>;
  texts: Record<string, number>;
  pageGroups: number;
  textGroups: number;
};

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

describe('corpus in git', () => {
  it('stats.json counts are the counts of the committed files', () => {
    expect(countBy(corpus.pages, (p) => p.label)).toEqual(stats.pages);
    expect(countBy(corpus.texts, (t) => t.label)).toEqual(stats.texts);
    expect(new Set(corpus.pages.map((p) => p.group)).size).toBe(stats.pageGroups);
    expect(new Set(corpus.texts.map((t) => t.group)).size).toBe(stats.textGroups);
  });

  it('every real page names repository, path, a 40-hex commit and a licence; every text its data set and id', () => {
    const real = corpus.pages.filter((p) => p.kind !== 'fixture');
    const badPages = real.filter((p) => {
      const s = p.source as { repo?: string; path?: string; commit?: string };
      return !s.repo || !s.path || !/^[0-9a-f]{40}$/.test(s.commit ?? '') || !p.licence.trim();
    });
    expect(badPages.map((p) => p.id)).toEqual([]);
    const badTexts = corpus.texts.filter((t) => {
      const s = t.source as { dataset?: string; id?: string };
      return !s.dataset || !s.id || !t.licence.trim();
    });
    expect(badTexts.map((t) => t.id)).toEqual([]);
  });

  it('stores extracted text, never markup or scripts', () => {
    const withMarkup = corpus.pages.filter((p) => /<script\b|<\?php|<\/?(?:div|form|input)\b/i.test(p.features.text));
    expect(withMarkup.map((p) => p.id)).toEqual([]);
  });

  it('phishing e-mails are in only together with at least as many ordinary e-mails half-way (same register)', () => {
    const phishingMail = corpus.texts.filter((t) => /nazario/i.test(t.group)).length;
    const ordinaryMail = corpus.texts.filter((t) => t.label === 'legit' && t.detail === 'legit:email').length;
    if (phishingMail > 0) expect(ordinaryMail).toBeGreaterThanOrEqual(phishingMail / 2);
  });

  it('templates and language tables are not a scam-only kind (≥ 15% legit)', () => {
    const templ = corpus.pages.filter((p) => p.kind === 'template' || p.kind === 'lang-table');
    const legit = templ.filter((p) => p.label === 'legit').length;
    expect(templ.length).toBeGreaterThan(0);
    expect(legit / templ.length).toBeGreaterThanOrEqual(0.15);
  });

  it('e-mail texts keep addresses masked (no personal data of recipients)', () => {
    const mail = corpus.texts.filter((t) => /nazario|enron/i.test(t.group));
    const leaked = mail.filter((t) => /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.test(t.text));
    expect(leaked.map((t) => t.id)).toEqual([]);
  });
});
