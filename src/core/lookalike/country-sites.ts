/**
 * Brands that run national sites named brand + country code ('icbc-at.com', 'icbcmy.com'): such a name is often the
 * brand's own site, so it is caution rather than warn (host-signals.ts).
 */
import type { Brand } from '../brands/types.ts';
import type { BrandIndex } from './brand-index.ts';

/** ISO 3166-1 alpha-2 codes (plus eu, uk): the second half of a national brand site name. */
const COUNTRY_CODES: ReadonlySet<string> = new Set(
  ('ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw by bz ca cc cd ' +
    'cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf ' +
    'gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn ' +
    'kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na ' +
    'nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si ' +
    'sj sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk um us uy uz va vc ve vg ' +
    'vi vn vu wf ws ye yt za zm zw').split(' '),
);

/** A `nationalSites` brand whose strong keyword plus a country code make up the whole label ('icbc-at', 'icbcmy'), or null. */
export function countryCompound(index: BrandIndex, label: string): Brand | null {
  const flat = label.replace(/-/g, '');
  if (flat.length < 5) return null;
  const tail = flat.slice(-2);
  const head = flat.slice(0, 2);
  const b = (COUNTRY_CODES.has(tail) ? index.strongLabels.get(flat.slice(0, -2)) : undefined) ?? (COUNTRY_CODES.has(head) ? index.strongLabels.get(flat.slice(2)) : undefined);
  return b !== undefined && b.nationalSites === true ? b : null;
}
