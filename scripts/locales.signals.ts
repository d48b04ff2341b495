/**
 * Strings for the warning signs (typed signals, src/core/signals.ts) as the UI renders them: src/ui/signal-text.ts.
 * Placeholders are the signal's own fields (words, hosts, names) — never a sentence made in core.
 */
import type { Lang } from './locales.source';

type Row = Record<Lang, string>;

export const SIGNAL_MESSAGES = {
  sgQuote: { en: '"$1"', zh_CN: '“$1”', zh_TW: '「$1」' },
  rpReasonsAttached: {
    en: 'The warning signs attached (sent below as "evidence", in English for the list maintainers):',
    zh_CN: '附上的危险信号（在下方以 "evidence" 发送，为方便名单维护者使用英文）：',
    zh_TW: '附上的危險訊號（在下方以 "evidence" 傳送，為方便名單維護者使用英文）：',
  },
  sgPaymentQr: { en: 'a QR code to pay', zh_CN: '付款二维码', zh_TW: '付款 QR 碼' },
  sgChannelWechat: { en: 'WeChat', zh_CN: '微信', zh_TW: '微信' },
  sgChannelPhone: { en: 'phone', zh_CN: '电话', zh_TW: '電話' },
  sgBrandForm: { en: '$1 named next to login or payment fields', zh_CN: '在登录或付款栏旁冒用“$1”的名义', zh_TW: '在登入或付款欄旁冒用「$1」的名義' },
  sgBrandOffDomain: { en: 'a $1 login or payment form on $2', zh_CN: '$2 上有冒充“$1”的登录或付款表单', zh_TW: '$2 上有冒充「$1」的登入或付款表單' },
  sgIndicatorWallet: { en: 'this payment address ($1) was reported in scams', zh_CN: '此收款地址（$1）曾被举报用于诈骗', zh_TW: '此收款地址（$1）曾被檢舉用於詐騙' },
  sgIndicatorContact: { en: 'this contact ($1) was reported in scams', zh_CN: '此联系方式（$1）曾被举报用于诈骗', zh_TW: '此聯絡方式（$1）曾被檢舉用於詐騙' },
  sgListOnline: { en: 'Newly reported scam site (entry $1)', zh_CN: '新近被举报的诈骗网站（条目 $1）', zh_TW: '新近被檢舉的詐騙網站（條目 $1）' },
  // --- the web address ---
  sgUrlBrandName: { en: 'the name $1 in $2 (the real site is $3)', zh_CN: '$2 中含有“$1”的名称（真正的网站是 $3）', zh_TW: '$2 中含有「$1」的名稱（真正的網站是 $3）' },
  sgUrlBrandNameHow: { en: 'the name $1 in $2 ($3; the real site is $4)', zh_CN: '$2 中含有“$1”的名称（$3；真正的网站是 $4）', zh_TW: '$2 中含有「$1」的名稱（$3；真正的網站是 $4）' },
  sgUrlCountryOnly: { en: 'only a country code added', zh_CN: '只多了一个国家代码', zh_TW: '只多了一個國家代碼' },
  sgUrlWritten: { en: 'written "$1": $2', zh_CN: '写成“$1”：$2', zh_TW: '寫成「$1」：$2' },
  sgUrlWrittenLookalike: { en: 'written "$1" with look-alike letters', zh_CN: '用形似字母写成“$1”', zh_TW: '用形似字母寫成「$1」' },
  sgUrlEditDistance: { en: '"$1" in $2 is $3 letter(s) away from "$4" (the real site is $5)', zh_CN: '$2 中的“$1”与“$4”只差 $3 个字母（真正的网站是 $5）', zh_TW: '$2 中的「$1」與「$4」只差 $3 個字母（真正的網站是 $5）' },
  sgUrlHomoglyph: { en: '"$1" imitates "$2" with $3 (the real site is $4)', zh_CN: '“$1”冒充“$2”：$3（真正的网站是 $4）', zh_TW: '「$1」冒充「$2」：$3（真正的網站是 $4）' },
  sgUrlLookalikeLetters: { en: 'look-alike characters', zh_CN: '用了形似字符', zh_TW: '用了形似字元' },
  sgUrlBrandNumber: { en: '$1 (a $2 number) in $3', zh_CN: '$3 中含有 $2 的号码 $1', zh_TW: '$3 中含有 $2 的號碼 $1' },
  sgUrlEmbedded: { en: '$1 is written inside $2, which is not $1', zh_CN: '$2 里写着 $1，但它并不是 $1', zh_TW: '$2 裡寫著 $1，但它並不是 $1' },
  sgUrlUserinfoBrand: { en: '$1 is written before "@"; the real site is $2', zh_CN: '“@”前写着 $1，真正打开的网站是 $2', zh_TW: '「@」前寫著 $1，真正開啟的網站是 $2' },
  sgUrlOtherSuffix: { en: '$1 uses the name "$2" but is not $3 (the real site is $4)', zh_CN: '$1 用了“$2”的名称，却不是$3的网站（真正的网站是 $4）', zh_TW: '$1 用了「$2」的名稱，卻不是$3的網站（真正的網站是 $4）' },
  sgUrlBrandScamWords: { en: '$1 name next to $2', zh_CN: '“$1”的名称旁边有 $2', zh_TW: '「$1」的名稱旁邊有 $2' },
  sgUrlBrandRiskyTld: { en: '$1 name on a .$2 address', zh_CN: '“$1”的名称用在 .$2 网址上', zh_TW: '「$1」的名稱用在 .$2 網址上' },
  sgUrlScamWords: { en: 'scam words in the address: $1', zh_CN: '网址中有诈骗常用词：$1', zh_TW: '網址中有詐騙常用詞：$1' },
  sgUrlUserinfo: { en: '"$1@" written before the real host $2', zh_CN: '真正的网站 $2 前面写了“$1@”', zh_TW: '真正的網站 $2 前面寫了「$1@」' },
  sgUrlIpHost: { en: 'numeric address $1 instead of a name', zh_CN: '用数字地址 $1 代替网站名称', zh_TW: '用數字位址 $1 代替網站名稱' },
  sgUrlShortener: { en: '$1 is a link shortener that hides the destination', zh_CN: '$1 是短链接，隐藏了真正的目的地', zh_TW: '$1 是短網址，隱藏了真正的目的地' },
  sgUrlPunycode: { en: 'internationalised name $1 ($2)', zh_CN: '国际化域名 $1（$2）', zh_TW: '國際化網域名稱 $1（$2）' },
  sgUrlMixedScript: { en: 'Latin letters mixed with look-alike letters from another alphabet in $1', zh_CN: '$1 中混用了拉丁字母和其他文字的形似字母', zh_TW: '$1 中混用了拉丁字母和其他文字的形似字母' },
  sgUrlConfusableScript: { en: '$1 is written in letters that imitate Latin ones', zh_CN: '$1 用了模仿拉丁字母的其他文字', zh_TW: '$1 用了模仿拉丁字母的其他文字' },
  sgUrlRiskyTld: { en: '.$1 is often used by throw-away scam sites', zh_CN: '.$1 常被用完即弃的诈骗网站使用', zh_TW: '.$1 常被用完即丟的詐騙網站使用' },
  sgUrlHyphens: { en: '$1 hyphens in $2', zh_CN: '$2 中有 $1 个连字符', zh_TW: '$2 中有 $1 個連字號' },
  sgUrlDigits: { en: '$1 digits in $2', zh_CN: '$2 中有 $1 个数字', zh_TW: '$2 中有 $1 個數字' },
  sgUrlSubdomains: { en: '$1 subdomain levels in $2', zh_CN: '$2 有 $1 层子域名', zh_TW: '$2 有 $1 層子網域' },
  // --- which letters were swapped ---
  sgSwapDigit: { en: 'digit $1 in place of "$2"', zh_CN: '用数字 $1 代替“$2”', zh_TW: '用數字 $1 代替「$2」' },
  sgSwapLetters: { en: '"$1" in place of "$2"', zh_CN: '用“$1”代替“$2”', zh_TW: '用「$1」代替「$2」' },
  sgSwapScript: { en: '"$1" ($2, $3) in place of "$4"', zh_CN: '用“$1”（$2，$3）代替“$4”', zh_TW: '用「$1」（$2，$3）代替「$4」' },
  sgScriptCyrillic: { en: 'Cyrillic', zh_CN: '西里尔字母', zh_TW: '西里爾字母' },
  sgScriptGreek: { en: 'Greek', zh_CN: '希腊字母', zh_TW: '希臘字母' },
  sgScriptFullWidth: { en: 'full-width', zh_CN: '全角字符', zh_TW: '全形字元' },
  sgScriptOther: { en: 'another alphabet', zh_CN: '其他文字', zh_TW: '其他文字' },
} satisfies Record<string, Row>;
