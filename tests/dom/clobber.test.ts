/**
 * Issue 15 without a browser. (Real DOM clobbering — a form's named properties shadowing its built-ins — needs a
 * real DOM: linkedom keeps those as own instance properties. That is covered in tests/e2e/redteam.*.test.ts.)
 *  - a walk that cannot run is reported as failed, and a form that cannot be read counts as a payment form;
 *  - deliberateActivation: where occlusion cannot be proven (no IO v2), only the keyboard continues.
 */
import { describe, expect, it } from 'vitest';
import { extractFeaturesChecked } from '../../src/dom/extract.ts';
import { deliberateActivation } from '../../src/content/ui/modal.ts';
import { formAsksForMoney } from '../../src/dom/payment-step.ts';

describe('fail closed on an unreadable form', () => {
  it('a walk that cannot run is reported as failed, never as "no fields"', () => {
    const orphan = { nodeType: 1 } as unknown as Element; // no document to walk with
    expect(extractFeaturesChecked(orphan).failed).toBe(true);
  });

  it('a form that cannot be read may be a payment form', () => {
    const hostile = { nodeType: 1 } as unknown as Element;
    expect(formAsksForMoney(hostile, undefined)).toBe(true);
  });
});

describe('deliberateActivation (class 4: "continue" where occlusion cannot be proven)', () => {
  it('pointer clicks need IO v2; keyboard activation (detail 0) does not; untrusted or covered never', () => {
    expect(deliberateActivation({ isTrusted: true, detail: 1 }, true, true)).toBe('ok');
    expect(deliberateActivation({ isTrusted: true, detail: 1 }, true, false)).toBe('use-keyboard');
    expect(deliberateActivation({ isTrusted: true, detail: 0 }, true, false)).toBe('ok');
    expect(deliberateActivation({ isTrusted: false, detail: 0 }, true, false)).toBe('no');
    expect(deliberateActivation({ isTrusted: true, detail: 0 }, false, true)).toBe('no');
  });
});
