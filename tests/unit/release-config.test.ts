/** `npm run zip` refuses a release without a working default list, and says what is missing. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBundledList, resolveReleaseConfig } from '../../scripts/release';

const keyset = { version: 1, threshold: 1, keys: [] as unknown[] };
const dir = mkdtempSync(join(tmpdir(), 'ss-relcfg-'));
const missing = join(dir, 'absent.json');

describe('release configuration', () => {
  it('names everything that is missing', () => {
    const r = resolveReleaseConfig({}, dir);
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.problems.join('\n');
    expect(text).toContain('WXT_DEFAULT_LIST_URL');
    expect(text).toContain('WXT_REPORT_ENDPOINT');
    expect(text).toContain('WXT_DEFAULT_LIST_KEYSET');
  });

  it('refuses http, the local development server and a malformed keyset', () => {
    const r = resolveReleaseConfig(
      { SS_RELEASE_CONFIG: missing, WXT_DEFAULT_LIST_URL: 'http://127.0.0.1:8787/manifest.json', WXT_REPORT_ENDPOINT: 'http://reports.example/', WXT_DEFAULT_LIST_KEYSET: JSON.stringify(keyset) },
      dir,
    );
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.problems.join('\n');
    expect(text).toMatch(/must be https/);
    expect(text).toMatch(/this machine/);
    expect(text).toMatch(/KEYSET/);
  });

  it('allows http://*.test hosts only when asked (the e2e test)', () => {
    const env = { SS_RELEASE_CONFIG: missing, WXT_DEFAULT_LIST_URL: 'http://lists.test/manifest.json', WXT_REPORT_ENDPOINT: 'http://reports.test/v1/reports' };
    const r = resolveReleaseConfig(env, dir);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problems.join('\n')).toMatch(/must be https/);
  });

  it('reads release.config.json with a keysetFile relative to it', () => {
    const cfgDir = mkdtempSync(join(tmpdir(), 'ss-relcfg-'));
    writeFileSync(join(cfgDir, 'release.config.json'), JSON.stringify({ listUrl: 'https://lists.example/m.json', reportEndpoint: 'https://r.example/v1/reports', keysetFile: 'ks.json' }));
    writeFileSync(join(cfgDir, 'ks.json'), 'not json');
    const r = resolveReleaseConfig({}, cfgDir);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems).toEqual(['WXT_DEFAULT_LIST_KEYSET is not JSON']);
  });
});

describe('the bundled list a release packages', () => {
  const rootWith = (meta: Record<string, unknown>): string => {
    const root = mkdtempSync(join(tmpdir(), 'ss-bundled-'));
    mkdirSync(join(root, 'public/lists'), { recursive: true });
    writeFileSync(join(root, 'public/lists/bundled.json'), JSON.stringify(meta));
    writeFileSync(join(root, 'public/lists/bundled.sslist'), 'x');
    return root;
  };

  it('accepts a real list of the default list id', () => {
    expect(checkBundledList(rootWith({ listId: 'scamsentinel-main', count: 10, demoEntries: 0 }), 'scamsentinel-main')).toEqual([]);
  });

  it('refuses a bundle with the demo *.test entries, an empty one, and another list id', () => {
    expect(checkBundledList(rootWith({ listId: 'scamsentinel-main', count: 10, demoEntries: 8 }), 'scamsentinel-main')).toEqual([
      'the bundled list carries 8 demo entries (*.test): rebuild it with npm run build:bundled-list',
    ]);
    expect(checkBundledList(rootWith({ listId: 'other', count: 0 }), 'scamsentinel-main')).toHaveLength(2);
  });
});
