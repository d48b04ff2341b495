/** Strings for sync outcomes and errors in words, progress stages, and the options page's privacy section. */
import type { Lang } from './locales.source';

type Row = Record<Lang, string>;

export const RELEASE_MESSAGES = {
  syncUpdated: { en: 'The list was updated.', zh_CN: '名单已更新。', zh_TW: '名單已更新。' },
  syncUnchanged: { en: 'The list is already up to date.', zh_CN: '名单已是最新。', zh_TW: '名單已是最新。' },
  syncSkippedMinWait: { en: 'The list was updated less than a minute ago. Try again in a moment.', zh_CN: '名单刚刚更新过，请稍后再试。', zh_TW: '名單剛剛更新過，請稍後再試。' },
  syncSkippedBusy: { en: 'An update is already running.', zh_CN: '正在更新中。', zh_TW: '正在更新中。' },
  syncSkippedNotDue: { en: 'No update is due yet.', zh_CN: '还未到更新时间。', zh_TW: '還未到更新時間。' },
  syncSkippedDisabled: { en: 'This list is turned off.', zh_CN: '此名单已停用。', zh_TW: '此名單已停用。' },
  syncErrNetwork: { en: 'Could not reach the list server. The last good list still protects you.', zh_CN: '无法连接名单服务器。最后一份有效名单仍在保护您。', zh_TW: '無法連線到名單伺服器。最後一份有效名單仍在保護您。' },
  syncErrRefused: { en: 'The update failed its safety checks and was refused. The last good list still protects you.', zh_CN: '此次更新未通过安全校验，已被拒绝。最后一份有效名单仍在保护您。', zh_TW: '此次更新未通過安全檢查，已被拒絕。最後一份有效名單仍在保護您。' },
  syncErrRollback: { en: 'The list server offered an older list than the one you have, so it was refused. The newer list still protects you.', zh_CN: '名单服务器提供的名单比您现有的更旧，已被拒绝。较新的名单仍在保护您。', zh_TW: '名單伺服器提供的名單比您現有的更舊，已被拒絕。較新的名單仍在保護您。' },
  syncErrExpired: { en: 'The list server has not published a fresh list. The last good list still protects you.', zh_CN: '名单服务器未发布新的名单。最后一份有效名单仍在保护您。', zh_TW: '名單伺服器未發布新的名單。最後一份有效名單仍在保護您。' },
  syncErrTooOld: { en: 'This list needs a newer version of ScamSentinel. Update the extension.', zh_CN: '此名单需要更新版本的反诈哨兵，请更新扩展。', zh_TW: '此名單需要較新版本的反詐哨兵，請更新擴充功能。' },
  syncErrLocal: { en: 'The browser could not store the list. Restart the browser and try again.', zh_CN: '浏览器无法保存名单。请重启浏览器后再试。', zh_TW: '瀏覽器無法儲存名單。請重新啟動瀏覽器後再試。' },
  syncErrOther: { en: 'The update did not work. The last good list still protects you.', zh_CN: '更新未成功。最后一份有效名单仍在保护您。', zh_TW: '更新未成功。最後一份有效名單仍在保護您。' },
  syncStageManifest: { en: 'Checking for updates…', zh_CN: '正在检查更新…', zh_TW: '正在檢查更新…' },
  syncStageDownload: { en: 'Downloading…', zh_CN: '正在下载…', zh_TW: '正在下載…' },
  syncStageApply: { en: 'Checking the update…', zh_CN: '正在校验更新…', zh_TW: '正在檢查更新內容…' },
  syncStageCommit: { en: 'Saving…', zh_CN: '正在保存…', zh_TW: '正在儲存…' },
  syncStageDone: { en: 'Done', zh_CN: '完成', zh_TW: '完成' },
  optConfigProblem: { en: 'This copy of ScamSentinel was built without a default list: only the built-in copy protects you. Install ScamSentinel from your browser’s add-on store to get updates.', zh_CN: '此版本的反诈哨兵构建时未配置默认名单：只有内置名单在保护您。请从浏览器的扩展商店安装反诈哨兵以获得更新。', zh_TW: '此版本的反詐哨兵建置時未設定預設名單：只有內建名單在保護您。請從瀏覽器的擴充功能商店安裝反詐哨兵以取得更新。' },
  warnLeadChecked: {
    en: 'ScamSentinel checked this address as it started to open and brought you here instead. Do not pay, transfer money or enter passwords or codes on that site.',
    zh_CN: '反诈哨兵在该网址开始打开时进行了检查，并把您带到了这里。请不要在那个网站付款、转账，也不要输入密码或验证码。',
    zh_TW: '反詐哨兵在該網址開始開啟時進行了檢查，並把您帶到了這裡。請不要在那個網站付款、轉帳，也不要輸入密碼或驗證碼。',
  },
  optPrivacyHeading: { en: 'Privacy', zh_CN: '隐私', zh_TW: '隱私' },
  optPrivacyLocal: { en: 'Pages are checked on this device. ScamSentinel has no account, no analytics and no tracking.', zh_CN: '页面检查在本机完成。反诈哨兵无需账号，不做统计，不跟踪。', zh_TW: '頁面檢查在本機完成。反詐哨兵無需帳號，不做統計，不追蹤。' },
  optPrivacyLists: { en: 'List updates: a plain download of the signed lists; nothing about you or your pages is sent.', zh_CN: '名单更新：只是下载签名名单，不会发送任何关于您或您所浏览页面的信息。', zh_TW: '名單更新：只是下載簽章名單，不會傳送任何關於您或您瀏覽頁面的資訊。' },
  optPrivacyReports: { en: 'Reports: sent only when you send one — the page address, the scam type, your comment, and the warning signs or screenshot only if you tick them.', zh_CN: '举报：只有在您点击发送时才会提交——页面地址、骗局类型、您的留言，以及您勾选的诈骗迹象或截图。', zh_TW: '檢舉：只有在您按下傳送時才會送出——頁面網址、詐騙類型、您的留言，以及您勾選的詐騙跡象或截圖。' },
  optPrivacyPolicy: { en: 'Full privacy policy', zh_CN: '完整隐私政策', zh_TW: '完整隱私權政策' },
} satisfies Record<string, Row>;
