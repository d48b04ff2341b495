/**
 * Protected-brand data: which real sites people are tricked into thinking they are on. Shipped in the bundle
 * (`DEFAULT_BRANDS`) and replaceable later through the list bundle — hence plain JSON-able data.
 *
 * Worked example (Taobao):
 *   { id: 'taobao', name: 'Taobao 淘宝', domains: ['taobao.com', 'tb.cn', …],
 *     keywords: ['taobao'], weakKeywords: [], cjk: ['淘宝'] }
 *  - `domains[0]` is what the warning offers ("Did you mean taobao.com?"); every domain and its subdomains are the
 *    brand's own and never trigger.
 *  - `keywords` are distinctive names / pinyin (≥ 4 letters, rarely part of other words): matched as a whole
 *    hyphen-token, as part of a token made only of known words (`taobaovip`), or as a plain substring
 *    (`mytaobaoshop`, weaker).
 *  - `weakKeywords` are short or ordinary words (`jd`, `qq`, `apple`, `chase`): only a whole token, or a token
 *    made of the keyword plus scam words (`jdkefu`) — never a substring (`jdsports`, `pineapple`).
 *  - `cjk` are names in Chinese characters, matched as substrings of IDN labels (`淘宝客服.com`).
 *  - `numbers` are service hotlines / app numbers (`95588`, `12306`) matched as whole digit runs.
 */
import type { Category } from '../types.ts';

export interface Brand {
  readonly id: string;
  readonly name: string;
  readonly domains: readonly string[];
  readonly keywords?: readonly string[];
  readonly weakKeywords?: readonly string[];
  readonly cjk?: readonly string[];
  readonly numbers?: readonly string[];
  /**
   * The brand runs national / branch sites named brand + country code (ICBC: icbc-at.com, icbcmy.com, icbc.de).
   * For these brands such a name, on a non-risky TLD, is caution rather than warn.
   */
  readonly nationalSites?: boolean;
  /** What impersonating this brand usually is; default 'phishing'. */
  readonly category?: Category;
}

export interface BrandData {
  readonly version: number;
  readonly brands: readonly Brand[];
}
