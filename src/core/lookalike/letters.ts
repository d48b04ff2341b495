/**
 * Which letters a look-alike swapped, as data for its signal (src/core/signals.ts `LetterSwap`): an ASCII trick
 * (digit 0 for "o", "rn" for "m") or a letter from another script (Cyrillic "а", U+0430, for "a").
 */
import { capList, type LetterSwap } from '../signals.ts';

/** What an ASCII swap changed between what is written and the brand word: digit 1 for "l", "rn" for "m". */
export function swapsOf(written: string, variant: string): LetterSwap[] {
  const out = new Map<string, LetterSwap>();
  const add = (x: LetterSwap): void => void out.set(`${x.written}>${x.plain}`, x);
  if (written.includes('rn') && variant.includes('m') && !written.includes('m')) add({ written: 'rn', plain: 'm', script: 'latin' });
  if (written.includes('vv') && variant.includes('w')) add({ written: 'vv', plain: 'w', script: 'latin' });
  for (let i = 0, j = 0; i < written.length && j < variant.length; i++, j++) {
    const a = written[i] as string;
    const b = variant[j] as string;
    if (a === b) continue;
    if ((a === 'r' && b === 'm') || (a === 'v' && b === 'w')) {
      i++;
      continue;
    }
    if (a >= '0' && a <= '9') add({ written: a, plain: b, script: 'digit' });
  }
  return capList([...out.values()]);
}

function scriptOf(ch: string): Pick<LetterSwap, 'script' | 'codePoint'> {
  const cp = ch.codePointAt(0) ?? 0;
  const codePoint = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp >= 0x0400 && cp <= 0x052f) return { script: 'cyrillic', codePoint };
  if (cp >= 0x0370 && cp <= 0x03ff) return { script: 'greek', codePoint };
  if (cp >= 0xff00 && cp <= 0xffef) return { script: 'full-width', codePoint };
  return { script: 'other', codePoint };
}

/**
 * Which letters of what is written are not the plain letters they look like: "а" (Cyrillic, U+0430) for "a".
 * Compares letter by letter when both have the same length; [] when nothing can be pointed at.
 */
export function lettersOf(written: string, plain: string): LetterSwap[] {
  const a = [...written];
  const b = [...plain];
  if (a.length !== b.length) return [];
  const out: LetterSwap[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) out.push({ written: x, plain: y, ...scriptOf(x) });
  }
  return capList(out);
}
