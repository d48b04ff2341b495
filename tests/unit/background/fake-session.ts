import type { SessionArea } from '../../../src/background/tab-verdicts';

/** A Map-backed storage.session (values structured-cloned on write, as the browser stores them). */
export function fakeSession(): SessionArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async () => Object.fromEntries(data),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (k) => void data.delete(k),
  };
}
