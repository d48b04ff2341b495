/**
 * How a host is shown to the user (warning page, popup, options, report): its Unicode form only where that cannot
 * pass for another name, else its ASCII (punycode) form — what Chromium's address bar does for the same hosts.
 * Without this the warning page for `xn--pypal-4ve.test` would say "pаypal.test" (Cyrillic а), a name the user
 * cannot tell from paypal.test, on the one page meant to show them the difference.
 *
 * A label stays ASCII when it
 *  - mixes Latin letters with Cyrillic, Greek or Armenian ones (`pаypal`, `αpple`: the worker's `url:mixed-script`
 *    test, src/core/lookalike/scripts.ts); Latin with CJK (`abc中文`) is shown;
 *  - is wholly Cyrillic or Greek and every letter of it looks like a Latin letter — `аррӏе` (apple);
 *  - has invisible or layout characters (controls, format characters such as bidi overrides or zero-width joiners,
 *    spaces), which punycode can carry but a name should not;
 *  - or does not decode (or an `xn--` label decodes to nothing or to plain ASCII: the host is shown as it came).
 * Any such label shows the whole host in ASCII. Pure: no browser APIs; the script rules and the small look-alike
 * table are in label-display.ts.
 */
import punycode from 'punycode.js';
import { labelIsSafeToShow } from './label-display';

export { labelIsSafeToShow };

export function displayHost(host: string): string {
  if (!/(^|\.)xn--/i.test(host) && !/[^\x20-\x7e]/.test(host)) return host;
  let labels: string[];
  try {
    labels = host.split('.').map((l) => (/^xn--/i.test(l) ? punycode.toUnicode(l.toLowerCase()) : l));
  } catch {
    return host;
  }
  // `xn--` that decodes to nothing or to plain ASCII is no IDN label: show the host as it came
  if (host.split('.').some((l, i) => /^xn--/i.test(l) && !/[^ -~]/.test(labels[i] ?? ''))) return host;
  if (!labels.every(labelIsSafeToShow)) {
    try {
      return punycode.toASCII(labels.join('.'));
    } catch {
      return host;
    }
  }
  return labels.join('.');
}
