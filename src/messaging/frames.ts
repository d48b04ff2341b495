/**
 * What the service worker relays between the frames of one tab (tabs.sendMessage with a frameId), for payment steps
 * in sub-frames (src/content/frame/guard.ts): a sub-frame asks the top frame's guard (src/content/page/guard.ts) for
 * the page's verdict and hands it a held step; the top frame hands a step back when the user chose to continue.
 * Read without zod (content.js parses nothing else): every field is checked by hand, anything else is ignored.
 */
import { LEVELS, type Level } from '../core/types';

/** The key that marks a relayed message; its value says which. */
export const FRAME_KEY = 'scamsentinelFrame';
/** Step ids are the sub-frame's own counter, an int31. */
export const STEP_ID_MAX = 0x7fffffff;
/** Frame ids are the browser's: small in Chromium, 2^32-based and larger in Firefox (any safe integer). */
export const FRAME_ID_MAX = Number.MAX_SAFE_INTEGER;

/**
 * A step relayed to the judging frame carries what the sub-frame's own page read as (`own`): a frame that is not
 * checked as a page reads its own page when the user is about to act in it (frame/guard.ts), and the judge then
 * weighs that verdict (fetched from the worker, `frameVerdict`) with its own. 'unknown': the frame's read failed.
 */
export type ToTop =
  | { readonly [FRAME_KEY]: 'status' }
  | { readonly [FRAME_KEY]: 'step'; readonly frameId: number; readonly stepId: number; readonly own: TopStatus };
export type ToFrame = { readonly [FRAME_KEY]: 'replay'; readonly stepId: number };
export type TopStatus = Level | 'unknown';
export type FrameAnswer = 'go' | 'held' | 'stop';

const isId = (v: unknown, min: number, max = STEP_ID_MAX): v is number => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

function fields(m: unknown): Record<string, unknown> | null {
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Record<string, unknown>) : null;
}

export function readToTop(m: unknown): ToTop | null {
  const o = fields(m);
  if (o?.[FRAME_KEY] === 'status') return { [FRAME_KEY]: 'status' };
  if (o?.[FRAME_KEY] === 'step' && isId(o.frameId, 1, FRAME_ID_MAX) && isId(o.stepId, 0)) {
    // Anything but a known level reads as 'unknown': a step is never passed for want of a well-formed field.
    return { [FRAME_KEY]: 'step', frameId: o.frameId, stepId: o.stepId, own: readTopStatus(o.own) ?? 'unknown' };
  }
  return null;
}

export function readToFrame(m: unknown): ToFrame | null {
  const o = fields(m);
  return o?.[FRAME_KEY] === 'replay' && isId(o.stepId, 0) ? { [FRAME_KEY]: 'replay', stepId: o.stepId } : null;
}

export function readTopStatus(v: unknown): TopStatus | null {
  return v === 'unknown' || (LEVELS as readonly unknown[]).includes(v) ? (v as TopStatus) : null;
}

export function readFrameAnswer(v: unknown): FrameAnswer | null {
  return v === 'go' || v === 'held' || v === 'stop' ? v : null;
}
