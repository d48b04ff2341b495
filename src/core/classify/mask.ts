/**
 * Contact details in a text (ad, post, SMS) as the text data sets write them: every e-mail address → `<EMAIL>`, URL
 * or bare domain → `<URL>`, phone number (7 or more digits; spaces, dashes, a bracketed area code and a leading +
 * allowed inside; dates and times are not numbers to mask) → `<PHONE>`. The text head learned from those data sets
 * (`scripts/corpus/mendeley_smishing.py` and the sets before it masked them so), so the words it knows for "a link"
 * and "a number" are `url` and `phone`; an ad in the browser carries the real link and number. Masking them the same
 * way before scoring — and every text the text head trains on, pages' text included — makes the browser read what
 * the model was trained on. Placeholders already in a text are left as they are (masking twice changes nothing).
 *
 * Example: "Call +1 (555) 123-4567 or visit https://usps-track.top/x." → "Call <PHONE> or visit <URL>."
 * Pure; the page head reads page text unmasked (its corpus pages are unmasked too).
 */
import type { PageFeatures } from './features.ts';

const TLDS = 'com|net|org|info|biz|co|uk|in|io|me|ly|tk|ml|ga|cf|gq|xyz|top|club|site|online|live|app|page|link|mobi|us|ca|au|de|ru|cn|do|ng|gov|edu';
const EMAIL = /[\w.%+-]*[a-z][\w.%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/gi;
const URL = new RegExp(`(?:\\bhttps?:/*\\s?\\S+|\\bwww\\.\\S+|\\b[\\w-]+(?:\\.[\\w-]+)*\\.(?:${TLDS})\\b(?:[/?#]\\S*)?)`, 'gi');
const PHONE = /(?<![\d<\uE000])\+?(?:\(\d+\) ?)?\d(?:[ -]?\d)*/g;
const DATE = /\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[-:.]\d{2}[-:.]\d{2}/g;
const TRAIL = /[.,;:!?)\]'"]+$/;
const MIN_PHONE_DIGITS = 7;

/** `text` with its e-mail addresses, URLs and phone numbers replaced by `<EMAIL>`, `<URL>` and `<PHONE>`. */
export function maskContacts(text: string): string {
  if (text.length === 0) return text;
  let t = text.replace(EMAIL, '<EMAIL>');
  t = t.replace(URL, (s) => {
    const trail = TRAIL.exec(s)?.[0] ?? '';
    return `<URL>${trail}`;
  });
  // dates and times are not phone numbers: hidden while numbers are masked, then put back
  const dates: string[] = [];
  t = t.replace(DATE, (s) => `\uE000${dates.push(s) - 1}\uE000`);
  t = t.replace(PHONE, (s) => {
    let digits = 0;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) digits++;
    return digits >= MIN_PHONE_DIGITS ? '<PHONE>' : s;
  });
  return dates.length === 0 ? t : t.replace(/\uE000(\d+)\uE000/g, (_, i: string) => dates[Number(i)] ?? '');
}

/** A text item's features with its title and text masked (maskContacts); everything else as it was. */
export function maskedTextFeatures(f: PageFeatures): PageFeatures {
  return { ...f, title: maskContacts(f.title), text: maskContacts(f.text) };
}
