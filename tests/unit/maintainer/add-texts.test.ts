import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addTexts, DatasetExistsError, ingest } from '../../../src/maintainer/corpus/ingest.ts';
import { compactOf, hamming, simhash } from '../../../src/maintainer/corpus/near-dup.ts';
import { readJsonlGz, TextItemSchema } from '../../../src/maintainer/corpus/schema.ts';
import { cleanupTemp, tempDir } from './helpers';

afterAll(cleanupTemp);

const LONG =
  'Your account access has been limited because we noticed unusual sign-in activity from a new device. To restore full access ' +
  'please confirm your identity and card details within 24 hours at the secure page below, otherwise your account will be ' +
  'suspended permanently and pending payments returned to the sender. Thank you for banking with us.';

const row = (dataset: string, id: string | number, label: string, text: string): string => JSON.stringify({ id, text, label, lang: 'en', dataset, licence: 'CC-BY-4.0' });

const SET_A = [
  row('set-a', 1, 'ham', 'See you at the station at seven, bring the umbrella'),
  row('set-a', 2, 'smishing', LONG),
  row('set-a', 3, 'spam', 'WINNER!! You have been selected to receive a £900 prize. Call <PHONE> now'),
  row('set-a', 4, 'ham', 'See you   at the station at seven,\nbring the umbrella'), // same text after normalisation: duplicate
];
const SET_B = [
  row('set-b', 'x1', 'Smishing', 'Dear customer your KYC has expired, update at <URL> or your wallet will be blocked'),
  row('set-b', 'x2', 'legit:sms', 'Running late, start dinner without me'),
  row('set-b', 'x3', 'credit-repair', 'Refused a loan? Cant get credit? Call free now <PHONE> and we will help'),
  row('set-b', 'x4', 'legit:sms', 'Running  late, start dinner without me'), // duplicate inside the new set
  row('set-b', 'x5', 'ham', 'ok'), // too short
  row('set-b', 'x6', 'weird-label', 'A row whose label is not in the taxonomy at all'),
  '{"id": "x7", "text": "a broken line',
  JSON.stringify({ id: 'x8', text: 'A row without a data set name', label: 'ham' }),
];

function pagesStaging(dir: string): void {
  // one legit page so that pages.jsonl.gz is not empty
  mkdirSync(join(dir, 'legit', 'files'), { recursive: true });
  writeFileSync(
    join(dir, 'legit', 'files', 'p.html'),
    '<!doctype html><html><head><title>Station timetable</title></head><body><h1>Trains to the coast</h1><p>Departures every hour from platform two, tickets at the counter.</p></body></html>',
  );
  writeFileSync(join(dir, 'legit', 'manifest.jsonl'), `${JSON.stringify({ id: 'p1', file: 'files/p.html', label: 'legit:news-en', repo: 'some/site', path: 'p.html', commit: 'c0', licence: 'MIT' })}\n`);
}

function staging(sets: Record<string, readonly string[]>, pages: boolean): string {
  const dir = tempDir('ss-addtexts-');
  mkdirSync(join(dir, 'texts'), { recursive: true });
  for (const [name, rows] of Object.entries(sets)) writeFileSync(join(dir, 'texts', `${name}.jsonl`), `${rows.join('\n')}\n`);
  if (pages) pagesStaging(dir);
  return dir;
}

function repoRoot(): { root: string; corpus: string } {
  const root = tempDir('ss-addtexts-root-');
  for (const side of ['scam', 'legit']) mkdirSync(join(root, 'tests', 'fixtures', 'pages', side), { recursive: true });
  const corpus = join(root, 'corpus');
  mkdirSync(corpus);
  return { root, corpus };
}

const bytes = (f: string): Buffer => readFileSync(f);
const stats = (corpus: string): Record<string, unknown> => JSON.parse(readFileSync(join(corpus, 'stats.json'), 'utf8')) as Record<string, unknown>;

describe('corpus add-texts', () => {
  const one = repoRoot();
  ingest(staging({ a: SET_A }, true), one.root, one.corpus);
  const pagesBefore = bytes(join(one.corpus, 'pages.jsonl.gz'));
  const res = addTexts(staging({ b: SET_B }, false), one.corpus);
  const both = repoRoot();
  ingest(staging({ a: SET_A, b: SET_B }, true), both.root, both.corpus);

  it('adding set A then set B writes the texts that ingesting A + B writes, byte for byte', () => {
    expect(bytes(join(one.corpus, 'texts.jsonl.gz')).equals(bytes(join(both.corpus, 'texts.jsonl.gz')))).toBe(true);
    const s1 = stats(one.corpus);
    const s2 = stats(both.corpus);
    for (const k of ['texts', 'textGroups', 'read', 'dropped', 'pages']) expect(s1[k], k).toEqual(s2[k]);
    const texts = readJsonlGz(join(one.corpus, 'texts.jsonl.gz'), TextItemSchema);
    expect(texts.map((t) => `${t.id} ${t.label} ${t.detail}`)).toEqual([
      'set-a:1 legit ham',
      'set-a:2 phishing smishing',
      'set-a:3 other spam',
      'set-b:x1 phishing smishing',
      'set-b:x2 legit legit:sms',
      'set-b:x3 credit-repair credit-repair',
    ]);
  });

  it('leaves pages.jsonl.gz byte-identical', () => {
    expect(pagesBefore.length).toBeGreaterThan(20);
    expect(bytes(join(one.corpus, 'pages.jsonl.gz')).equals(pagesBefore)).toBe(true);
  });

  it('reports bad rows (not JSON, no data set, unknown label, too short) and per-set counts', () => {
    expect(res.dropped).toEqual({
      'text: unparsable line': 1,
      'text: no dataset or id': 1,
      'text: unknown label weird-label': 1,
      'text: too short': 1,
      'text: duplicate': 1,
    });
    expect(res.sets).toEqual({ 'set-b': { staged: 4, kept: 3, nearDupOtherSet: 0, duplicate: 1, replaced: 0 } });
    expect(res.texts).toEqual({ legit: 2, phishing: 2, other: 1, 'credit-repair': 1 });
  });

  it('refuses a data set name already present (nothing written) and replaces it with --replace', () => {
    const files = ['texts.jsonl.gz', 'stats.json', 'pages.jsonl.gz'].map((f) => join(one.corpus, f));
    const before = files.map((f) => [bytes(f), statSync(f).mtimeMs] as const);
    const again = staging({ b: [row('set-b', 'y1', 'ham', 'A new message for the same data set name')] }, false);
    expect(() => addTexts(again, one.corpus)).toThrow(DatasetExistsError);
    files.forEach((f, i) => {
      expect(bytes(f).equals(before[i]![0])).toBe(true);
      expect(statSync(f).mtimeMs).toBe(before[i]![1]);
    });
    const r = addTexts(again, one.corpus, { replace: true });
    expect(r.sets['set-b']).toEqual({ staged: 1, kept: 1, nearDupOtherSet: 0, duplicate: 0, replaced: 3 });
    const ids = readJsonlGz(join(one.corpus, 'texts.jsonl.gz'), TextItemSchema).map((t) => t.id);
    expect(ids).toEqual(['set-a:1', 'set-a:2', 'set-a:3', 'set-b:y1']);
    expect(bytes(join(one.corpus, 'pages.jsonl.gz')).equals(pagesBefore)).toBe(true);
  });

  it('drops new items that copy or nearly copy an item of another set already in the corpus (leakage guard)', () => {
    const near = LONG.replace('Thank you', 'Thanks'); // 2 bits apart (a one-word rewording of a long SMS)
    expect(hamming(simhash(compactOf(LONG)), simhash(compactOf(near)))).toBeLessThanOrEqual(3);
    const c = repoRoot();
    ingest(staging({ a: SET_A }, true), c.root, c.corpus);
    const r = addTexts(
      staging({ c: [row('set-c', 1, 'smishing', near), row('set-c', 2, 'ham', 'See you at the station at seven, bring the umbrella!'), row('set-c', 3, 'ham', 'Lunch at noon?')] }, false),
      c.corpus,
    );
    expect(r.sets['set-c']).toEqual({ staged: 3, kept: 1, nearDupOtherSet: 2, duplicate: 0, replaced: 0 });
    expect(r.dropped['text: near-duplicate of another set']).toBe(2);
    const texts = readJsonlGz(join(c.corpus, 'texts.jsonl.gz'), TextItemSchema);
    expect(texts.map((t) => t.id)).toEqual(['set-a:1', 'set-a:2', 'set-a:3', 'set-c:3']);
  });
});
