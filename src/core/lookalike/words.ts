/**
 * Word data for host-name signals. Lower-case ASCII (pinyin / English) or Chinese characters.
 *
 * - `SCAM_WORDS`: words scam hosts use to look official or urgent. `strong` ones (refund/claims/customer-service
 *   pinyin, credit repair, task rebates) are rare in legitimate host names; `generic` ones (`login`, `verify`,
 *   `support`) are common and only matter next to a brand. Each carries the scam category it hints at.
 * - `GLUE_WORDS`: neutral words that let a run-together token be split (`paypalhelpcenter` = paypal+help+center)
 *   without adding weight themselves.
 * - `RISKY_TLDS`: TLDs over-represented in scam feeds (cheap / bulk registrations). A small weight only — a TLD is
 *   never enough on its own.
 */
import type { Category } from '../types.ts';

export interface ScamWord {
  readonly word: string;
  readonly strength: 'strong' | 'generic';
  readonly category: Category;
  /** Also match inside a longer token (only for long, unambiguous words). */
  readonly substring?: boolean;
}

const strong = (category: Category, words: string, substring = false): ScamWord[] =>
  words.split(/\s+/).filter(Boolean).map((word) => ({ word, strength: 'strong' as const, category, ...(substring ? { substring } : {}) }));
const generic = (category: Category, words: string): ScamWord[] =>
  words.split(/\s+/).filter(Boolean).map((word) => ({ word, strength: 'generic' as const, category }));

export const SCAM_WORDS: readonly ScamWord[] = [
  // 冒充客服 退款/理赔 — fake customer service, refunds, claims
  ...strong('fake-service', 'tuikuan tuifei lipei peichang tuihuo kuaidilipei shouhou', true),
  ...strong('fake-service', 'kefu refund refunds claim claims compensation redelivery reschedule parcel'),
  ...strong('fake-service', '退款 退费 理赔 赔偿 客服 售后 快递 包裹', true),
  // 虚假征信 / loans
  ...strong('credit-repair', 'zhengxin xiaoyuandai zhuxiao jiedai daikuan weilidai', true),
  ...strong('credit-repair', '征信 注销 校园贷 贷款 借贷', true),
  // 刷单返利 — task / rebate
  ...strong('task-rebate', 'shuadan fanli jianzhi qiangdan dianzan yongjin', true),
  ...strong('task-rebate', '刷单 返利 兼职 抢单 佣金 点赞', true),
  // 投资理财 — investment / crypto
  ...strong('investment', 'touzi licai qihuo waihui usdt airdrop', false),
  ...strong('investment', '投资 理财 期货 外汇 空投', true),
  // account takeover / phishing wording
  ...strong('phishing', 'renzheng yanzheng dongjie jiedong hongbao zhongjiang jiangli butie tixian chongzhi guanfang', true),
  ...strong('phishing', '认证 验证 冻结 解冻 红包 中奖 补贴 官方 安全中心', true),
  ...strong('phishing', 'webscr kyc unlock unlocked suspend suspended suspension reactivate restore recovery'),
  // credential wording: strong next to a brand
  ...strong('phishing', 'login signin logon verify verification validate secure security account accounts update'),
  ...strong('phishing', 'confirm billing wallet auth authentication appeal'),
  // commercial wording: common in legitimate names too
  ...generic('phishing', 'vip payment support service services helpdesk customer reward rewards bonus gift prize'),
  ...generic('phishing', 'winner free promo anquan huiyuan'),
  ...generic('investment', 'invest profit mining'),
];

export const GLUE_WORDS: readonly string[] = (
  'my www web app apps online official center centre help team info home shop store mall pay cn hk us uk id ' +
  'mobile m wap new net com org portal page site global world china zhongguo int en zh ' +
  // service words phishing hosts put next to a brand name (no weight of their own)
  'id contact stores cloud group sms notice notices alert alerts review care download install upgrade flash player ' +
  'sign mail email deals deal offer offers card cards bank banking connect live now express direct'
).split(' ');

export const RISKY_TLDS: ReadonlySet<string> = new Set(
  (
    'top xyz vip shop club icu cc tk ml ga cf gq buzz work live site online fun cyou sbs cfd bond rest monster lol ' +
    'pw ws click link loan win bid mom support help quest cam bar uno life store ink wang ren kim xin ltd ' +
    'today world email host press space website tech fit biz'
  ).split(' '),
);
