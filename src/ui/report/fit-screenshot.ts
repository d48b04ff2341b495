/**
 * A report's screenshot within the intake server's cap (one definition: core/report-limits). A busy page's PNG can
 * be several MB: rather than refuse it, scale it down until it fits; a screenshot that cannot fit even small is a
 * clear error, never a report the server would refuse.
 */
import { SCREENSHOT_MAX_BYTES, screenshotBytes, screenshotFits } from '../../core/report-limits';

const MAX_TRIES = 6;

export async function fitScreenshot(dataUrl: string, doc: Document = document): Promise<string> {
  if (screenshotFits(dataUrl)) return dataUrl;
  const img = doc.createElement('img');
  img.src = dataUrl;
  await img.decode();
  // PNG size grows roughly with the pixel count: start at the area ratio (a little under), then shrink by steps
  let scale = Math.min(0.9, Math.sqrt(SCREENSHOT_MAX_BYTES / screenshotBytes(dataUrl)) * 0.95);
  for (let i = 0; i < MAX_TRIES; i++) {
    const canvas = doc.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) break;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const out = canvas.toDataURL('image/png');
    if (screenshotFits(out)) return out;
    scale *= 0.75;
  }
  throw new Error(`the screenshot is larger than ${Math.round(SCREENSHOT_MAX_BYTES / 1024)} KB even scaled down: send the report without it`);
}
