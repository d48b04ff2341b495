import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS_README, MODEL_SOURCES_JSON, modelSourcesJson, parseCorpusSources } from '../../../scripts/write-model-sources';

describe('model training data attribution (public/model-sources.json)', () => {
  it('is what corpus/README.md lists (run `npm run model-sources` after changing the tables)', () => {
    expect(readFileSync(MODEL_SOURCES_JSON, 'utf8')).toBe(modelSourcesJson(readFileSync(CORPUS_README, 'utf8')));
  });

  it('reads the three tables: name without path and commit, the item count and the licence', () => {
    const readme = [
      '## Scam page sources (x)', '| repository | items | labels | licence | split group |', '|---|---:|---|---|---|',
      '| a/scam | 3 | phishing 3 | none-stated | — |',
      '## Legit page sources', '| repository | pages | kinds | licence |', '|---|---:|---|---|', '| b/legit | 5 | news-en 5 | MIT |',
      '## Text data sets', '| data set | texts | labels | licence |', '|---|---:|---|---|',
      '| c/texts:data/x.csv@0123abcd (copy of Some Corpus, Author 2020) | 7 | legit 7 | CC-BY-4.0 |',
      '## Something else', '| a | 1 | b | c |',
    ].join('\n');
    expect(parseCorpusSources(readme)).toEqual([
      { group: 'scam', name: 'a/scam', items: 3, licence: 'none-stated' },
      { group: 'legit', name: 'b/legit', items: 5, licence: 'MIT' },
      { group: 'text', name: 'c/texts (copy of Some Corpus, Author 2020)', items: 7, licence: 'CC-BY-4.0' },
    ]);
  });

  it('refuses a README without one of the tables', () => {
    expect(() => parseCorpusSources('## Scam page sources\n| a/b | 1 | x | MIT | — |\n')).toThrow(/missing or empty/);
  });
});
