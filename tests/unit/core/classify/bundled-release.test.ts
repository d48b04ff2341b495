/** The worker compares feed models with BUNDLED_MODEL_RELEASE without loading model.json: the two must agree. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_RELEASE } from '../../../../src/core/classify/bundled-release';

describe('bundled model release constant', () => {
  it('matches the release in src/core/classify/model.json (npm run train writes both)', () => {
    const model = JSON.parse(readFileSync(new URL('../../../../src/core/classify/model.json', import.meta.url), 'utf8')) as { release: number };
    expect(BUNDLED_MODEL_RELEASE).toBe(model.release);
  });
});
