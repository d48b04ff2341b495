/**
 * No extension script bundles classic zod (issue 18): the extension's schemas are written with zod/mini
 * (src/core/zod.ts), which the bundler shakes down to what they use; one classic `import { z } from 'zod'` reachable
 * from an entry point brings back all of classic zod (it took worker-app.js from 437 to 492 KB). Classic zod's
 * schema classes are named "ZodString", "ZodObject", … in the built code, zod/mini's "ZodMiniString", …
 * (unit: tests/unit/background/no-schemas-at-load.test.ts checks the worker's module graph before bundling.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROME_BUILD, FIREFOX_BUILD } from './harness/browsers';

const CLASSIC = /["'`]Zod(?!Mini)[A-Z]\w*["'`]/;

function scripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));
}

describe.each([
  ['chrome', CHROME_BUILD],
  ['firefox', FIREFOX_BUILD],
])('%s build', (_name, dir) => {
  it('no script carries classic zod; the worker carries zod/mini', () => {
    const files = scripts(dir);
    const classic = files.filter((f) => CLASSIC.test(readFileSync(f, 'utf8'))).map((f) => relative(dir, f));
    expect(classic).toEqual([]);
    const mini = files.filter((f) => readFileSync(f, 'utf8').includes('"ZodMiniObject"'));
    expect(mini.length, 'zod/mini in some script (the worker parses messages with it)').toBeGreaterThan(0);
  });
});
