/**
 * Source of every user-visible string, in en, zh_CN and zh_TW. `npm run locales` writes
 * public/_locales/<lang>/messages.json from this table (a unit test checks they are in sync), so a string can
 * never exist in one language only. Placeholders: $1, $2 (chrome.i18n substitutions).
 */
export type Lang = 'en' | 'zh_CN' | 'zh_TW';
type Row = Record<Lang, string>;

export const MESSAGES = {
  extName: { en: 'ScamSentinel', zh_CN: '反诈哨兵', zh_TW: '反詐哨兵' },
  extDescription: {
    en: 'Warns you about scam sites and scam ads before you pay. Matching happens on your device.',
    zh_CN: '在您付款之前提醒您诈骗网站和诈骗广告。所有匹配都在您的设备上完成。',
    zh_TW: '在您付款之前提醒您詐騙網站和詐騙廣告。所有比對都在您的裝置上完成。',
  },
  // --- interstitial ---
  warnTitleBlock: { en: 'This site is a known scam', zh_CN: '这是已知的诈骗网站', zh_TW: '這是已知的詐騙網站' },
  warnTitleWarn: { en: 'This site looks like a scam', zh_CN: '这个网站很像诈骗网站', zh_TW: '這個網站很像詐騙網站' },
  warnLead: {
    en: 'ScamSentinel stopped this page before it loaded. Do not pay, transfer money or enter passwords or codes here.',
    zh_CN: '反诈哨兵在页面加载前拦截了它。请不要在这里付款、转账，也不要输入密码或验证码。',
    zh_TW: '反詐哨兵在頁面載入前攔截了它。請不要在這裡付款、轉帳，也不要輸入密碼或驗證碼。',
  },
  warnSiteLabel: { en: 'Site', zh_CN: '网站', zh_TW: '網站' },
  warnAddressLabel: { en: 'Full address', zh_CN: '完整网址', zh_TW: '完整網址' },
  warnWhyHeading: { en: 'Why it was stopped', zh_CN: '拦截原因', zh_TW: '攔截原因' },
  warnTypeLabel: { en: 'Type of scam', zh_CN: '诈骗类型', zh_TW: '詐騙類型' },
  warnListLabel: { en: 'Listed in', zh_CN: '所在名单', zh_TW: '所在名單' },
  warnListValue: { en: '$1 (version $2)', zh_CN: '$1（版本 $2）', zh_TW: '$1（版本 $2）' },
  warnEntryLabel: { en: 'Matched entry', zh_CN: '匹配条目', zh_TW: '符合條目' },
  warnAddedLabel: { en: 'Listed since', zh_CN: '收录日期', zh_TW: '收錄日期' },
  warnSourcesLabel: { en: 'Reported by', zh_CN: '来源', zh_TW: '來源' },
  warnSignalsLabel: { en: 'Warning signs', zh_CN: '危险信号', zh_TW: '危險訊號' },
  warnDidYouMean: { en: 'Did you mean $1?', zh_CN: '您要访问的是不是 $1？', zh_TW: '您要前往的是不是 $1？' },
  warnGoToReal: { en: 'Go to $1', zh_CN: '前往 $1', zh_TW: '前往 $1' },
  warnWhatToDoHeading: { en: 'What to do', zh_CN: '您应该怎么做', zh_TW: '您應該怎麼做' },
  warnAdviceLeave: { en: 'Leave this site. Do not pay, recharge or transfer money.', zh_CN: '离开这个网站。不要付款、充值或转账。', zh_TW: '離開這個網站。不要付款、儲值或轉帳。' },
  warnAdviceCodes: { en: 'Never give anyone your passwords, bank card number or SMS codes.', zh_CN: '不要向任何人提供密码、银行卡号或短信验证码。', zh_TW: '不要向任何人提供密碼、銀行卡號或簡訊驗證碼。' },
  warnAdviceHotline: {
    en: 'Already paid or unsure? In mainland China call the anti-fraud hotline 96110 (or 110); in Taiwan call 165; elsewhere contact your bank and local police.',
    zh_CN: '已经付款或拿不准？请拨打全国反诈专线 96110（或 110）；台湾地区请拨打 165；其他地区请联系您的银行和当地警方。',
    zh_TW: '已經付款或拿不準？台灣請撥打 165 反詐騙專線；中國大陸請撥打 96110（或 110）；其他地區請聯絡您的銀行和當地警方。',
  },
  warnGoBack: { en: 'Go back to safety', zh_CN: '返回安全页面', zh_TW: '返回安全頁面' },
  warnDetailsToggle: { en: 'I understand the risk', zh_CN: '我了解风险', zh_TW: '我了解風險' },
  warnContinue: { en: 'Continue to this site anyway', zh_CN: '仍然访问此网站', zh_TW: '仍然前往此網站' },
  warnContinueWait: { en: 'Continue (wait a moment…)', zh_CN: '仍然访问（请稍候…）', zh_TW: '仍然前往（請稍候…）' },
  warnContinueNote: {
    en: 'Only for this tab, until you close it.',
    zh_CN: '仅在此标签页中有效，关闭后失效。',
    zh_TW: '僅在此分頁中有效，關閉後失效。',
  },
  warnTrust: { en: 'Always trust this site', zh_CN: '始终信任此网站', zh_TW: '一律信任此網站' },
  warnTrustNote: {
    en: 'You can remove it later in the settings.',
    zh_CN: '之后可以在设置中移除。',
    zh_TW: '之後可以在設定中移除。',
  },
  warnError: { en: 'Something went wrong: $1', zh_CN: '出错了：$1', zh_TW: '發生錯誤：$1' },
  warnNoUrl: { en: 'No address was given.', zh_CN: '没有提供网址。', zh_TW: '沒有提供網址。' },
  // --- categories (plain words) ---
  cat_task_rebate: { en: 'Task / rebate scam (paid "tasks", order-grabbing, recharge to withdraw)', zh_CN: '刷单返利诈骗（刷单、抢单、充值才能提现）', zh_TW: '刷單返利詐騙（刷單、搶單、儲值才能提領）' },
  cat_investment: { en: 'Fake investment or crypto platform', zh_CN: '虚假投资理财 / 虚拟币平台', zh_TW: '假投資理財 / 虛擬貨幣平台' },
  cat_fake_shop: { en: 'Fake online shop', zh_CN: '虚假购物网站', zh_TW: '假購物網站' },
  cat_fake_service: { en: 'Fake customer service (refunds, claims)', zh_CN: '冒充客服退款 / 理赔', zh_TW: '假冒客服退款 / 理賠' },
  cat_credit_repair: { en: 'Fake credit repair or loan cancellation', zh_CN: '虚假征信（注销校园贷、修复征信）', zh_TW: '假徵信（註銷學貸、修復信用）' },
  cat_phishing: { en: 'Phishing (fake login or payment page)', zh_CN: '钓鱼网站（仿冒登录或支付页面）', zh_TW: '釣魚網站（仿冒登入或付款頁面）' },
  cat_malware: { en: 'Malware', zh_CN: '恶意软件', zh_TW: '惡意軟體' },
  cat_other: { en: 'Other scam', zh_CN: '其他诈骗', zh_TW: '其他詐騙' },
  // --- popup ---
  popupTitle: { en: 'ScamSentinel', zh_CN: '反诈哨兵', zh_TW: '反詐哨兵' },
  popupListed: { en: 'Known scam site', zh_CN: '已知诈骗网站', zh_TW: '已知詐騙網站' },
  popupWarn: { en: 'Looks like a scam', zh_CN: '疑似诈骗网站', zh_TW: '疑似詐騙網站' },
  popupCaution: { en: 'Be careful on this site', zh_CN: '请谨慎使用此网站', zh_TW: '請謹慎使用此網站' },
  popupNotListed: { en: 'Not on the scam list', zh_CN: '不在诈骗名单中', zh_TW: '不在詐騙名單中' },
  popupAllowedTab: { en: 'You chose to continue on this site in this tab.', zh_CN: '您已选择在此标签页中继续访问此网站。', zh_TW: '您已選擇在此分頁中繼續瀏覽此網站。' },
  popupAllowedAlways: { en: 'You trust this site.', zh_CN: '您已信任此网站。', zh_TW: '您已信任此網站。' },
  popupNotWeb: { en: 'This page is not a website ScamSentinel checks.', zh_CN: '反诈哨兵不检查此类页面。', zh_TW: '反詐哨兵不檢查此類頁面。' },
  popupListInfo: { en: 'Protection data: $1, version $2, $3 entries', zh_CN: '防护数据：$1，版本 $2，共 $3 条', zh_TW: '防護資料：$1，版本 $2，共 $3 筆' },
  popupListAge: { en: 'Protection data is $1 days old', zh_CN: '防护数据已有 $1 天未更新', zh_TW: '防護資料已有 $1 天未更新' },
  popupListFresh: { en: 'Protection data is up to date (less than a day old)', zh_CN: '防护数据为最新（不到一天）', zh_TW: '防護資料為最新（不到一天）' },
  popupNoList: { en: 'No protection data loaded', zh_CN: '未加载防护数据', zh_TW: '未載入防護資料' },
  popupSettings: { en: 'Settings', zh_CN: '设置', zh_TW: '設定' },
  // --- options ---
  optionsTitle: { en: 'ScamSentinel settings', zh_CN: '反诈哨兵设置', zh_TW: '反詐哨兵設定' },
  optionsTrustedHeading: { en: 'Sites you trust', zh_CN: '您信任的网站', zh_TW: '您信任的網站' },
  optionsTrustedEmpty: { en: 'You have not trusted any site.', zh_CN: '您还没有信任任何网站。', zh_TW: '您還沒有信任任何網站。' },
  optionsRemove: { en: 'Remove', zh_CN: '移除', zh_TW: '移除' },
  optionsTrustedSince: { en: 'since $1', zh_CN: '添加于 $1', zh_TW: '新增於 $1' },
} satisfies Record<string, Row>;

export type MessageKey = keyof typeof MESSAGES;
