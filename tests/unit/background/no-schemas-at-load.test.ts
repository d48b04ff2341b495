/**
 * Loading the service worker's modules builds no zod schema (issue 18: building them at module load was most of
 * zod's share of evaluating worker-app.js at every wake). Schemas are built on first use (src/core/zod.ts's
 * lazySchema, protocol.ts's lazySchemas, pageFeaturesSchema()). They are written with zod/mini, which is wrapped so
 * that every function it exports (z.object, z.string, z.int, z.iso.datetime, z.config, …) is counted; the worker's
 * module graph (start.ts and what it imports) is then imported fresh. Classic zod (which a bundler cannot shake,
 * issue 18) must not be loaded by it at all. The second test shows the count does see schemas being built.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => [] as string[]);

vi.mock('zod/mini', async (importOriginal) => {
  const mod = await importOriginal<Record<string, unknown>>();
  const wrap = (target: Record<string, unknown>, path: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(target)) {
      if (typeof v === 'function' && !/^[A-Z$]/.test(k)) {
        // schema and check constructors, config; classes (ZodMini*, $brand…) are left as they are
        out[k] = (...args: unknown[]) => {
          calls.push(`${path}.${k}`);
          return (v as (...a: unknown[]) => unknown)(...args);
        };
      } else if (k === 'iso' && typeof v === 'object' && v !== null) out[k] = wrap(v as Record<string, unknown>, `${path}.${k}`);
      else out[k] = v;
    }
    return out;
  };
  return wrap(mod, 'z');
});

vi.mock('zod', async (importOriginal) => {
  calls.push('classic zod loaded');
  return importOriginal();
});

beforeEach(() => {
  vi.resetModules();
  calls.length = 0;
});

describe('the worker builds zod schemas only when it uses them', () => {
  it('importing the worker (start.ts and every module it loads) calls no zod function and loads no classic zod', async () => {
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
    expect(calls).toContain('z.int');
    expect(calls).toContain('z.iso.datetime');
    const n = calls.length;
    expect(manifestSchema()).toBe(m);
    expect(calls.length).toBe(n);
    lexiconSchema();
    expect(calls).toContain('z.partialRecord');
  });
});
