/** Strings of the options page's list subscriptions section. */
import type { Lang } from './locales.source';

type Row = Record<Lang, string>;

export const OPTIONS_MESSAGES = {
  optListsHeading: { en: 'Protection lists', zh_CN: '防护名单', zh_TW: '防護名單' },
  optDefaultList: { en: 'default', zh_CN: '默认', zh_TW: '預設' },
  optVersion: { en: 'Version', zh_CN: '版本', zh_TW: '版本' },
  optBundledOnly: { en: 'built-in copy only', zh_CN: '仅内置副本', zh_TW: '僅內建副本' },
  optEntries: { en: 'Entries', zh_CN: '条目数', zh_TW: '條目數' },
  optAge: { en: 'Age', zh_CN: '数据时间', zh_TW: '資料時間' },
  optExpired: { en: 'the feed has expired; the last good list still protects you', zh_CN: '订阅源已过期；最后一份有效名单仍在保护您', zh_TW: '訂閱來源已過期；最後一份有效名單仍在保護您' },
  optLastSuccess: { en: 'Last update', zh_CN: '上次更新', zh_TW: '上次更新' },
  optLastError: { en: 'Last problem', zh_CN: '最近的问题', zh_TW: '最近的問題' },
  optNoError: { en: 'none', zh_CN: '无', zh_TW: '無' },
  optNextCheck: { en: 'Next check', zh_CN: '下次检查', zh_TW: '下次檢查' },
  optKeys: { en: 'Signing keys', zh_CN: '签名密钥', zh_TW: '簽章金鑰' },
  optUpdateNow: { en: 'Update now', zh_CN: '立即更新', zh_TW: '立即更新' },
  optUpdating: { en: 'Updating…', zh_CN: '正在更新…', zh_TW: '正在更新…' },
  optEnabled: { en: 'Enabled', zh_CN: '启用', zh_TW: '啟用' },
  optAddList: { en: 'Add a list', zh_CN: '添加名单', zh_TW: '新增名單' },
  optManifestUrl: { en: 'Manifest address (manifest.json)', zh_CN: '清单地址（manifest.json）', zh_TW: '清單網址（manifest.json）' },
  optPublicKey: { en: "Publisher's public key (base64)", zh_CN: '发布者公钥（base64）', zh_TW: '發布者公鑰（base64）' },
  optListAdded: { en: 'Added list $1', zh_CN: '已添加名单 $1', zh_TW: '已新增名單 $1' },
  optOnlineHeading: { en: 'Online check for new scam sites', zh_CN: '在线检查新出现的诈骗网站', zh_TW: '線上檢查新出現的詐騙網站' },
  optOnlineToggle: {
    en: 'Check risky pages against sites reported in the last hours',
    zh_CN: '对有风险的页面，核对最近几小时内被举报的网站',
    zh_TW: '對有風險的頁面，核對最近幾小時內被檢舉的網站',
  },
  optOnlineNote: {
    en: 'Only for pages that already look risky or ask for payment on an unknown site. Only short hash prefixes (with random decoys) are sent, never the address; the decision is made on this device.',
    zh_CN: '仅在页面已显示风险、或在陌生网站付款时进行。只发送简短的哈希前缀（并混入随机前缀），不会发送网址；判断在本机完成。',
    zh_TW: '僅在頁面已顯示風險、或在陌生網站付款時進行。只傳送簡短的雜湊前綴（並混入隨機前綴），不會傳送網址；判斷在本機完成。',
  },
  optSourcesHeading: { en: 'Data sources', zh_CN: '数据来源', zh_TW: '資料來源' },
  optSourcesIntro: {
    en: 'The built-in list is compiled from these public lists (checked against our false-positive guard). Thank you to their maintainers.',
    zh_CN: '内置名单由以下公开名单汇编而成（已经过误报防护检查）。感谢各名单的维护者。',
    zh_TW: '內建名單由以下公開名單彙編而成（已經過誤報防護檢查）。感謝各名單的維護者。',
  },
  optSourcesLicence: { en: 'licence: $1', zh_CN: '许可：$1', zh_TW: '授權：$1' },
  optSourcesEntries: { en: '$1 entries', zh_CN: '$1 条', zh_TW: '$1 筆' },
  optSourcesNotice: { en: 'Full notice and licences', zh_CN: '完整声明与许可', zh_TW: '完整聲明與授權' },
} satisfies Record<string, Row>;
