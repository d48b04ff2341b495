/**
 * The messages the worker relays between a tab's frames (src/messaging/frames.ts) are read by hand in content
 * scripts: anything but the exact shapes is ignored.
 */
import { describe, expect, it } from 'vitest';
import { readFrameAnswer, readToFrame, readToTop, readTopStatus, STEP_ID_MAX } from '../../../src/messaging/frames';
import { requestSchemas } from '../../../src/messaging/protocol';

describe('frame relay messages', () => {
  it('reads the top frame\'s two requests and nothing else', () => {
    expect(readToTop({ scamsentinelFrame: 'status' })).toEqual({ scamsentinelFrame: 'status' });
    expect(readToTop({ scamsentinelFrame: 'step', frameId: 3, stepId: 0, own: 'none' })).toEqual({ scamsentinelFrame: 'step', frameId: 3, stepId: 0, own: 'none' });
    // Firefox's frame ids are 2^32-based (found in its e2e run: an int31 bound dropped every step of a sub-frame).
    expect(readToTop({ scamsentinelFrame: 'step', frameId: 21474836481, stepId: 1, own: 'warn' })).toEqual({ scamsentinelFrame: 'step', frameId: 21474836481, stepId: 1, own: 'warn' });
    // What the frame's own page read as: anything but a known level is unknown, never clean.
    for (const own of [undefined, 'clean', null, 0, { level: 'none' }]) {
      expect(readToTop({ scamsentinelFrame: 'step', frameId: 3, stepId: 0, own }), String(own)).toEqual({ scamsentinelFrame: 'step', frameId: 3, stepId: 0, own: 'unknown' });
    }
    for (const bad of [
      null, 'status', [], { scamsentinelFrame: 'replay', stepId: 1 },
      { scamsentinelFrame: 'step', frameId: 0, stepId: 1 }, // the top frame is no sub-frame
      { scamsentinelFrame: 'step', frameId: 2, stepId: -1 },
      { scamsentinelFrame: 'step', frameId: 2, stepId: 1.5 },
      { scamsentinelFrame: 'step', frameId: 2, stepId: STEP_ID_MAX + 1 },
      { scamsentinelFrame: 'step', frameId: '2', stepId: 1 },
      { scamsentinelFrame: 'step', frameId: 2 ** 53, stepId: 1 },
    ]) expect(readToTop(bad), JSON.stringify(bad)).toBeNull();
  });

  it('reads a replay for a sub-frame and nothing else', () => {
    expect(readToFrame({ scamsentinelFrame: 'replay', stepId: 7 })).toEqual({ scamsentinelFrame: 'replay', stepId: 7 });
    expect(readToFrame({ scamsentinelFrame: 'status' })).toBeNull();
    expect(readToFrame({ scamsentinelFrame: 'replay', stepId: '7' })).toBeNull();
    expect(readToFrame({ type: 'frameReplay', req: { stepId: 7 } })).toBeNull();
  });

  it('accepts only known levels and answers', () => {
    expect(['none', 'caution', 'warn', 'block', 'unknown'].map(readTopStatus)).toEqual(['none', 'caution', 'warn', 'block', 'unknown']);
    expect([undefined, 'clean', 0, { level: 'none' }].map(readTopStatus)).toEqual([null, null, null, null]);
    expect(['go', 'held', 'stop', 'yes', undefined, true].map(readFrameAnswer)).toEqual(['go', 'held', 'stop', null, null, null]);
  });

  it('the worker refuses requests outside the ids a frame can make', () => {
    expect(requestSchemas.frameStep.safeParse({ stepId: 4, own: 'none' }).success).toBe(true);
    expect(requestSchemas.frameStep.safeParse({ stepId: 4, own: 'unknown' }).success).toBe(true);
    expect(requestSchemas.frameStep.safeParse({ stepId: 4 }).success).toBe(false);
    expect(requestSchemas.frameStep.safeParse({ stepId: 4, own: 'clean' }).success).toBe(false);
    expect(requestSchemas.frameStep.safeParse({ stepId: -1, own: 'none' }).success).toBe(false);
    expect(requestSchemas.frameStep.safeParse({ stepId: 1, own: 'none', frameId: 2 }).success).toBe(false);
    expect(requestSchemas.frameVerdict.safeParse({ frameId: 3 }).success).toBe(true);
    expect(requestSchemas.frameVerdict.safeParse({ frameId: 0 }).success).toBe(false);
    expect(requestSchemas.frameVerdict.safeParse({}).success).toBe(false);
    expect(requestSchemas.frameReplay.safeParse({ frameId: 0, stepId: 1 }).success).toBe(false);
    expect(requestSchemas.frameReplay.safeParse({ frameId: 5, stepId: 1 }).success).toBe(true);
    expect(requestSchemas.frameReplay.safeParse({ frameId: 21474836481, stepId: 1 }).success).toBe(true);
    expect(requestSchemas.frameReplay.safeParse({ frameId: 2 ** 53, stepId: 1 }).success).toBe(false);
    expect(requestSchemas.frameStatus.safeParse({ x: 1 }).success).toBe(false);
  });
});
