/**
 * Loading the service worker's modules builds no zod schema (issue 18: building them at module load was most of
 * zod's share of evaluating worker-app.js at every wake). Schemas are built on first use (src/core/lazy.ts,
 * protocol.ts's lazySchemas, pageFeaturesSchema()). zod is wrapped so that every schema its `z` namespace creates
 * (z.object, z.string, z.iso.datetime, …) is counted; the worker's module graph (start.ts and what it imports) is
 * then imported fresh. The second test shows the count does see schemas being built.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => [] as string[]);

vi.mock('zod', async (importOriginal) => {
  const mod = await importOriginal<typeof import('zod')>();
  const wrap = <T extends object>(target: T, path: string): T =>
    new Proxy(target, {
      get(t, k, r) {
        const v = Reflect.get(t, k, r) as unknown;
        if (typeof k !== 'string') return v;
        if (typeof v === 'function') {
          return (...args: unknown[]) => {
            calls.push(`${path}.${k}`);
            return (v as (...a: unknown[]) => unknown).apply(t, args);
          };
        }
        if (typeof v === 'object' && v !== null && (k === 'iso' || k === 'coerce')) return wrap(v, `${path}.${k}`);
        return v;
      },
    });
  return { ...mod, z: wrap(mod.z, 'z') };
});

beforeEach(() => {
  vi.resetModules();
  calls.length = 0;
});

describe('the worker builds zod schemas only when it uses them', () => {
  it('importing the worker (start.ts and every module it loads) calls no zod schema constructor', async () => {
    await import('../../../src/background/start');
    await import('../../../src/core/lists/manifest');
    await import('../../../src/core/classify/model');
    await import('../../../src/messaging/protocol');
    expect(calls).toEqual([]);
  });

  it('the count sees a schema being built (the getters build on first use, once)', async () => {
    const { manifestSchema } = await import('../../../src/core/lists/manifest');
    const { lexiconSchema } = await import('../../../src/core/classify/lexicon');
    expect(calls).toEqual([]);
    const m = manifestSchema();
    expect(calls).toContain('z.object');
    expect(calls).toContain('z.iso.datetime');
    const n = calls.length;
    expect(manifestSchema()).toBe(m);
    expect(calls.length).toBe(n);
    lexiconSchema();
    expect(calls).toContain('z.partialRecord');
  });
});
