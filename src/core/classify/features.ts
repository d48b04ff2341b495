/**
 * PageFeatures: the plain-data snapshot that src/dom extracts from a page and the pure scorer reads.
 * Everything here is strings and numbers (structured-clone safe), so the content script can send it to the
 * service worker in one message and the CLI can build it from a linkedom document.
 *
 * Example (abridged) for a 刷单 recharge page:
 *   { title: '抢单中心', text: '… 每单佣金 5% … 充值 …', buttons: ['立即充值'],
 *     fields: [{ kind: 'amount', evidence: 'name=money, label "充值金额"' }],
 *     contactLinks: ['https://t.me/kefu888'], images: { qrCount: 1, qrNearPay: ['alt "收款码"'] }, … }
 * String analysis (phrases, wallet addresses, IM handles, ICP numbers) happens in core, not in the DOM layer.
 */

export const FIELD_KINDS = [
  'password',
  'card-number',
  'card-cvv',
  'card-expiry',
  'bank-account',
  'id-number',
  'sms-code',
  'amount',
  'phone',
  'login-id',
  'name',
  'address',
  'other',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface FieldFeature {
  readonly kind: FieldKind;
  /** What identified it: `type=password`, `autocomplete=cc-number`, `label "银行卡号"` … (plain text). */
  readonly evidence: string;
}

export interface LinkFeatures {
  /** Number of <a href> seen (up to the cap). */
  readonly count: number;
  /** Distinct lowercased hosts of absolute http(s) links, capped. */
  readonly hosts: readonly string[];
  /** Links to messengers / deep links (t.me, wa.me, tg:, weixin:, tencent:, line.me …), raw hrefs, capped. */
  readonly contactLinks: readonly string[];
}

export interface ImageFeatures {
  readonly count: number;
  /** Images whose own attributes say QR code (二维码, 收款码, qr…). */
  readonly qrCount: number;
  /** Evidence strings for QR-like images next to pay words (收款, 扫码支付, scan to pay, deposit…). */
  readonly qrNearPay: readonly string[];
}

export interface ExtractStats {
  readonly nodes: number;
  readonly textChars: number;
  readonly shadowRoots: number;
  readonly elapsedMs: number;
  readonly slices: number;
}

export interface PageFeatures {
  readonly version: 1;
  /** Page URL when known (content script: location.href; CLI: --url or the fixture's x-url meta). */
  readonly url?: string;
  readonly host?: string;
  /** <html lang>, lowercased, '' when absent. */
  readonly lang: string;
  readonly title: string;
  /** Visible text (text nodes joined with spaces), capped. Includes headings and button labels. */
  readonly text: string;
  readonly headings: readonly string[];
  readonly buttons: readonly string[];
  readonly fields: readonly FieldFeature[];
  readonly links: LinkFeatures;
  readonly images: ImageFeatures;
  /** Elements whose class/id says countdown/timer (倒计时 text is found by core from `text`). */
  readonly countdownElements: number;
  /** True when a cap (nodes, text, time) cut extraction short. */
  readonly truncated: boolean;
  readonly stats: ExtractStats;
}

/** Features for a bare string (ads, posts, `--text`): everything but text is empty. */
export function textFeatures(text: string): PageFeatures {
  return {
    version: 1,
    lang: '',
    title: '',
    text,
    headings: [],
    buttons: [],
    fields: [],
    links: { count: 0, hosts: [], contactLinks: [] },
    images: { count: 0, qrCount: 0, qrNearPay: [] },
    countdownElements: 0,
    truncated: false,
    stats: { nodes: 0, textChars: text.length, shadowRoots: 0, elapsedMs: 0, slices: 0 },
  };
}
