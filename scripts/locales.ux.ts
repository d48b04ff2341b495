/** Strings for list and source names, the lists in force (popup footer, options rows). */
import type { Lang } from './locales.source';

type Row = Record<Lang, string>;

export const UX_MESSAGES = {
  listName_main: { en: 'ScamSentinel scam list', zh_CN: '反诈哨兵诈骗名单', zh_TW: '反詐哨兵詐騙名單' },
  listName_demo: { en: 'Demo list (test sites)', zh_CN: '演示名单（测试网站）', zh_TW: '示範名單（測試網站）' },
  srcName_reviewed: { en: 'ScamSentinel reviewers (user reports)', zh_CN: '反诈哨兵审核员（用户举报）', zh_TW: '反詐哨兵審核員（使用者檢舉）' },
  srcName_blocklistproject: { en: 'The Block List Project', zh_CN: 'The Block List Project 公开名单', zh_TW: 'The Block List Project 公開名單' },
  srcName_polkadot: { en: 'Polkadot community phishing list', zh_CN: 'Polkadot 社区钓鱼名单', zh_TW: 'Polkadot 社群釣魚名單' },
  srcName_metamask: { en: 'MetaMask phishing list', zh_CN: 'MetaMask 钓鱼名单', zh_TW: 'MetaMask 釣魚名單' },
  srcName_tw165: { en: 'Taiwan 165 anti-fraud hotline open data', zh_CN: '台湾 165 反诈骗专线公开数据', zh_TW: '165 反詐騙諮詢專線開放資料' },
  popupListsHeading: { en: 'Protection lists in use', zh_CN: '正在使用的防护名单', zh_TW: '正在使用的防護名單' },
  popupListLine: { en: '$1: version $2, $3 entries', zh_CN: '$1：版本 $2，共 $3 条', zh_TW: '$1：版本 $2，共 $3 筆' },
  popupListLineBuiltIn: { en: '$1: version $2, $3 entries (built into the extension)', zh_CN: '$1：版本 $2，共 $3 条（扩展内置）', zh_TW: '$1：版本 $2，共 $3 筆（擴充功能內建）' },
  optVersionBuiltIn: { en: '$1 (built into the extension, not updated yet)', zh_CN: '$1（扩展内置，尚未更新）', zh_TW: '$1（擴充功能內建，尚未更新）' },
  optVersionNone: { en: 'no copy yet: waiting for the first update', zh_CN: '暂无：等待第一次更新', zh_TW: '尚無：等待第一次更新' },
  optEntriesValue: { en: '$1 entries', zh_CN: '$1 条', zh_TW: '$1 筆' },
  optAgeToday: { en: 'less than a day old', zh_CN: '不到一天', zh_TW: '不到一天' },
  optAgeDays: { en: '$1 days old', zh_CN: '$1 天前', zh_TW: '$1 天前' },
  optNotYet: { en: 'not yet', zh_CN: '尚未', zh_TW: '尚未' },
  optNotScheduled: { en: 'not scheduled yet', zh_CN: '尚未安排', zh_TW: '尚未排定' },
  optListAddress: { en: 'Address', zh_CN: '地址', zh_TW: '網址' },
} satisfies Record<string, Row>;
