/**
 * Limits a report shares between the extension (what it sends) and the intake server (what it accepts): one
 * definition, so a report the extension builds is never refused by the server for size (issue 15, class 10).
 */

/** A report's screenshot: a PNG of at most 1 MiB, as a data URL. */
export const SCREENSHOT_PREFIX = 'data:image/png;base64,';
export const SCREENSHOT_MAX_BYTES = 1024 * 1024;
/** Longest data URL whose decoded bytes can fit SCREENSHOT_MAX_BYTES. */
export const SCREENSHOT_MAX_CHARS = SCREENSHOT_PREFIX.length + Math.ceil(SCREENSHOT_MAX_BYTES / 3) * 4;

/** Decoded size of a base64 `data:image/png` URL's payload (no decoding): bytes = 3/4 of the text minus padding. */
export function screenshotBytes(dataUrl: string): number {
  const b64 = dataUrl.startsWith(SCREENSHOT_PREFIX) ? dataUrl.slice(SCREENSHOT_PREFIX.length) : dataUrl;
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - pad;
}

/** True when a screenshot data URL is a PNG data URL the intake server accepts by size. */
export function screenshotFits(dataUrl: string): boolean {
  return dataUrl.startsWith(SCREENSHOT_PREFIX) && dataUrl.length <= SCREENSHOT_MAX_CHARS && screenshotBytes(dataUrl) <= SCREENSHOT_MAX_BYTES;
}
