/**
 * One plain English line per signal, for maintainers: the report's `evidence` text, the CLIs' JSON, eval output.
 * The extension's own UI never shows these: it renders signals from its locale tables (src/ui/signal-text.ts).
 */
import type { LetterSwap, Signal } from './signals.ts';

const q = (s: string): string => `"${s}"`;
const quoted = (items: readonly string[]): string => items.map(q).join(', ');

export function describeSwaps(swaps: readonly LetterSwap[]): string {
  return swaps
    .map((s) => {
      if (s.script === 'digit') return `digit ${s.written} in place of ${q(s.plain)}`;
      if (s.script === 'latin') return `${q(s.written)} in place of ${q(s.plain)}`;
      const script = s.script === 'other' ? '' : `${s.script === 'full-width' ? 'full-width' : s.script[0]?.toUpperCase() + s.script.slice(1)}, `;
      return `${q(s.written)} (${script}${s.codePoint ?? ''}) in place of ${q(s.plain)}`;
    })
    .join(', ');
}

function written(s: { readonly written?: string; readonly swaps?: readonly LetterSwap[] }): string {
  if (s.written === undefined) return '';
  const swaps = s.swaps ?? [];
  return swaps.length > 0 ? ` (written ${q(s.written)}: ${describeSwaps(swaps)})` : ` (written ${q(s.written)} with look-alike letters)`;
}

const INDICATOR_WORDS = { wallet: 'payment address', phone: 'phone number', im: 'messaging account' } as const;

/** One case per signal id (a switch is the plainest form of this table, hence its length). */
export function describeSignal(s: Signal): string {
  switch (s.signal) {
    case 'list:match':
      return `${s.expression} (${s.listId} v${s.listVersion})`;
    case 'list:online':
      return `${s.expression} (accepted in review after the last list update)`;
    case 'list:indicator-wallet':
    case 'list:indicator-contact':
      return `this ${INDICATOR_WORDS[s.indicator]} (${s.value}) was reported in ${s.category} scams`;
    case 'page:phrase':
      return s.count > 1 ? `${q(s.phrase)} ×${s.count}` : q(s.phrase);
    case 'text:instruction':
    case 'text:high-return':
    case 'text:commission':
    case 'text:daily-pay':
    case 'context:awareness':
      return quoted(s.words);
    case 'url:scam-words':
    case 'payment:bank-transfer':
      return s.words.join(', ');
    case 'contact:im':
    case 'contact:phone':
      return s.contacts.map((c) => (c.channel === 'phone' ? c.handle : `${c.channel} ${c.handle}`)).join(', ');
    case 'crypto:address':
      return s.addresses.map((a) => `${a.chain.toUpperCase()} ${a.address}`).join(', ');
    case 'payment:qr':
      return s.hints.join(', ');
    case 'page:countdown':
      return s.words.length > 0 ? quoted(s.words) : `${s.timers} timer element(s)`;
    case 'page:icp':
      return s.number;
    case 'page:no-icp':
      return 'Chinese payment page without ICP 备案 number';
    case 'brand:credential-form':
      return `${s.brands.join(', ')} named next to ${s.fields.join(', ')} fields`;
    case 'brand:on-domain':
      return `${s.brands.join(', ')} on ${s.host}`;
    case 'site:frame':
      return `the page shows ${s.host} in a frame that fills the window`;
    case 'site:earlier-page':
      return `another page of this site (${s.path}) looked like a ${s.category} scam${s.words.length > 0 ? `: ${s.words.map(q).join(', ')}` : ''}`;
    case 'brand:off-domain':
      return `${s.brands.join(', ')} login/payment form (${s.fields.join(', ')}) on ${s.host}`;
    case 'brand:named-in-text':
      return `${s.brands.join(', ')} named in the text, with ${[...s.fields.map((f) => `${f} field`), ...s.words.map(q)].join(', ') || 'phishing wording'}${s.host ? ` on ${s.host}` : ''}`;
    case 'url:brand-name':
    case 'url:brand-substring': {
      const where = s.place === 'subdomain' ? 'a subdomain' : 'the domain name';
      const how = s.place === 'domain-start' ? `opens ${where}` : s.signal === 'url:brand-substring' ? 'inside' : `in ${where}`;
      const country = s.countryOnly === true ? ', with only a country code added (brands run national sites named like this)' : '';
      return `${q(s.word)}${written(s)} ${how} ${s.label} — ${s.brand}${country}`;
    }
    case 'url:edit-distance':
      return `${q(s.written)} in ${s.label} is ${s.distance} letter${s.distance > 1 ? 's' : ''} away from ${q(s.word)} — ${s.brand}`;
    case 'url:homoglyph':
      return `${q(s.written)} imitates ${q(s.word)} with ${s.swaps.length > 0 ? describeSwaps(s.swaps) : 'look-alike characters'} — ${s.brand}`;
    case 'url:brand-number':
      return `${s.number} (a ${s.brand} number) in ${s.label}`;
    case 'url:brand-domain-embedded':
      return s.place === 'userinfo'
        ? `${s.written} is written before "@"; the real site is ${s.host}`
        : `${s.domain} is written inside ${s.host}, which is not ${s.domain}`;
    case 'url:brand-other-suffix':
      return `${s.host} uses the name ${q(s.word)} but is not one of ${s.brand}'s domains (${s.domain})`;
    case 'url:brand-with-scam-words':
      return `${s.brand} name next to ${quoted(s.words)}`;
    case 'url:brand-with-risky-tld':
      return `${s.brand} name on .${s.tld} is often used by throw-away scam sites`;
    case 'url:userinfo':
      return `"${s.user}@" before the real host ${s.host}`;
    case 'url:ip-host':
      return `numeric address ${s.host} instead of a name`;
    case 'url:shortener':
      return `${s.host} is a link shortener that hides the destination`;
    case 'url:punycode':
      return `internationalised name ${s.name} (${s.ascii})`;
    case 'url:mixed-script':
      return `Latin letters mixed with look-alike letters from another alphabet in ${s.name}`;
    case 'url:confusable-script':
      return `${s.name} is written in letters that imitate Latin ones`;
    case 'url:risky-tld':
      return `.${s.tld} is often used by throw-away scam sites`;
    case 'url:many-hyphens':
      return `${s.count} hyphens in ${s.host}`;
    case 'url:many-digits':
      return `${s.count} digits in ${s.host}`;
    case 'url:deep-subdomain':
      return `${s.count} subdomain levels in ${s.host}`;
    default:
      return describeField(s);
  }
}

/** field:* and button:* (template-literal ids). */
function describeField(s: Signal): string {
  if ('field' in s && 'hints' in s) return s.hints.join('; ');
  if ('action' in s) return quoted(s.labels);
  return s.signal;
}
