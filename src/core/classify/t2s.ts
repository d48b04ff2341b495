/**
 * Traditional → Simplified Chinese, character by character, for phrase matching only.
 * A deliberately small table: the characters of the scam / awareness vocabulary (model.json phrases) and the
 * common words around them. Phrases in model.json are normalised with the same table, so a maintainer may
 * write either form. One-to-many cases (乾/幹→干, 後→后) take the reading that matters for matching.
 * Format: whitespace-separated pairs "繁简".
 */
const PAIRS = `
單单 傭佣 儲储 現现 會会 員员 級级 凍冻 結结 連连 墊垫 職职 點点 讚赞 關关 註注 冊册 錄录 帳帐 號号 碼码
銀银 驗验 證证 簡简 訊讯 務务 賠赔 遞递 遺遗 購购 優优 價价 錢钱 運运 費费 轉转 匯汇 電电 話话 聯联 繫系
係系 資资 財财 穩稳 賺赚 導导 師师 帶带 內内 幣币 網网 絡络 頁页 獲获 獎奖 領领 貸贷 額额 審审 徵征 記记
刪删 復复 銷销 園园 訂订 確确 實实 異异 戶户 書书 隨随 專专 應应 該该 為为 與与 這这 個个 們们 來来 說说
請请 擊击 開开 將将 體体 時时 間间 餘余 計计 貨货 櫃柜 買买 賣卖 條条 類类 產产 業业 經经 濟济 報报 發发
佈布 詐诈 騙骗 預预 識识 別别 舉举 詢询 權权 講讲 僅仅 搶抢 傳传 達达 懸悬 獨独 選选 擇择 項项 詳详 細细
顧顾 問问 歡欢 約约 純纯 淨净 狀状 態态 處处 須须 續续 補补 償偿 險险 盤盘 幫帮 動动 紅红 機机 構构 夠够
幾几 萬万 億亿 虧亏 損损 壓压 鬆松 緊紧 參参 貫贯 徹彻 擔担 戲戏 遊游 樂乐 豐丰 門门 檻槛 輕轻 區区 塊块
鏈链 數数 據据 庫库 幹干 乾干 嗎吗 麼么 裡里 裏里 啟启 則则 標标 準准 鐘钟 讓让 給给 換换 顯显 觸触 隊队
評评 論论 際际 國国 兩两 雙双 觀观 視视 頻频 團团 憑凭 稅税 郵邮 廣广 戰战 規规 範范 圍围 總总 歷历 漲涨
虛虚 擬拟 礦矿 龍龙 頭头 錯错 誤误 義义 負负 責责 滿满 減减 贈赠 禮礼 殺杀 熱热 後后 臺台 灣湾 麵面 衛卫
護护 稱称 鑰钥 鎖锁 線线 積积 屬属 質质 壞坏 蘋苹 華华 爾尔 寶宝 東东 無无 憂忧 歲岁 養养 齡龄 愛爱 貼贴
閱阅 讀读 寫写 測测 試试 雲云 場场 勢势 營营 聽听 蹤踪 跡迹 鬥斗 親亲 醫医 療疗 藥药 獻献 離离 戀恋 傷伤
絕绝 對对 過过 節节 溫温 漢汉 語语 檢检 違违 懲惩 罰罚 賬账 紀纪 鎮镇 縣县 鄉乡 歸归 還还 貴贵 賓宾 擁拥
鑽钻 飛飞 舊旧 衝冲 滯滞 納纳 繳缴 辦办 釋释 協协 議议 適适 齊齐 儘尽 盡尽 極极 劃划 撥拨 嚴严 騰腾 慶庆
氣气 廳厅 鐵铁 習习 慣惯 調调 組组 織织 層层 闆板 薦荐 績绩 輸输 認认 託托 兌兑 遲迟 緣缘 鍵键 盜盗 竊窃
隱隐 檔档 備备 執执 許许 統统 維维 滬沪 粵粤 蘇苏 瀏浏 覽览 圖图 掃扫 誌志 紙纸 棄弃 亞亚 歐欧 遠远 鬧闹
藝艺 術术 創创 樣样 裝装 飾饰 韓韩 夢梦 齒齿 髮发 鏡镜 錶表 閃闪 陣阵 視视 訴诉 鑑鉴 鑒鉴 託托 縮缩 紹绍
員员 讀读 課课 訓训 練练 證证 據据 頒颁 啟启 號号 碼码 隻只 黨党 務务 陸陆 廈厦 壽寿 險险 賞赏 償偿 贖赎
貿贸 畫画 劑剂 幾几 機机 極极 級级 構构 靈灵 驚惊 紛纷 餘余 飯饭 館馆 鮮鲜 雞鸡 魚鱼 鳥鸟 龜龟 齡龄 鹽盐
麥麦 黃黄 藍蓝 綠绿 紫紫 顏颜 聖圣 輛辆 車车 軟软 體体 硬硬 碟碟 罷罢 擬拟 擴扩 攤摊 擺摆 擋挡 揚扬 換换
損损 攜携 搖摇 據据 據据 撈捞 攬揽 獵猎 猶犹 獲获 瑪玛 環环 現现 琺珐 畢毕 當当 瘋疯 療疗 發发 盜盗 盡尽
監监 盧卢 眾众 睜睁 矯矫 碼码 礎础 禍祸 禪禅 禮礼 稱称 種种 穩稳 窮穷 競竞 筆笔 築筑 簽签 籌筹 糧粮 糾纠
紅红 級级 紀纪 納纳 紐纽 純纯 紙纸 紡纺 組组 細细 終终 絆绊 給给 絡络 統统 絲丝 經经 綁绑 維维 綜综 緒绪
線线 締缔 編编 緣缘 縱纵 總总 績绩 繁繁 織织 繪绘 繼继 纏缠 罰罚 羅罗 義义 習习 聞闻 聯联 聰聪 聲声 職职
肅肃 腦脑 腳脚 膽胆 臉脸 臨临 興兴 舉举 艱艰 莊庄 葉叶 蓋盖 蔥葱 薦荐 薩萨 藏藏 蘭兰 處处 號号 虧亏 蟲虫
補补 裝装 製制 複复 覺觉 親亲 觀观 計计 訂订 認认 討讨 訓训 記记 訪访 設设 許许 診诊 詞词 試试 詩诗 詳详
誠诚 誰谁 課课 調调 談谈 請请 諮咨 謀谋 謝谢 證证 譽誉 護护 讀读 變变 讓让 豬猪 貓猫 貝贝 負负 財财 責责
貨货 販贩 貪贪 貫贯 貴贵 貸贷 費费 貼贴 賀贺 資资 賊贼 賜赐 賠赔 賣卖 質质 賬账 賭赌 賺赚 購购 賽赛 贊赞
趕赶 趨趋 跡迹 踐践 蹤踪 躍跃 軍军 輕轻 載载 輔辅 輪轮 轉转 辦办 農农 這这 連连 進进 運运 過过 達达 違违
遞递 遠远 適适 遲迟 遷迁 選选 遺遗 還还 邊边 鄰邻 醫医 釋释 針针 鈔钞 鈴铃 銀银 鋪铺 鋒锋 錄录 錢钱 錦锦
鍋锅 鍵键 鎖锁 鏈链 鐘钟 長长 門门 閉闭 開开 閒闲 間间 閱阅 闊阔 隊队 階阶 際际 隨随 險险 隱隐 雖虽 雙双
雜杂 雞鸡 離离 難难 電电 靈灵 響响 頂顶 項项 順顺 須须 預预 頓顿 領领 頭头 頻频 題题 額额 顏颜 願愿 類类
顧顾 顯显 風风 飛飞 飲饮 養养 餐餐 馬马 駐驻 騙骗 驗验 體体 髮发 鬥斗 魯鲁 鳳凤 麗丽 點点 齊齐 龍龙
`;

let table: Map<string, string> | null = null;
let pattern: RegExp | null = null;

function buildTable(): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of PAIRS.split(/\s+/)) {
    const chars = [...pair];
    const t = chars[0];
    const s = chars[1];
    if (chars.length === 2 && t !== undefined && s !== undefined && t !== s) m.set(t, s);
  }
  return m;
}

/** Number of traditional characters the table knows (for tests / docs). */
export function t2sSize(): number {
  table ??= buildTable();
  return table.size;
}

/** TRADITIONAL[c] === 1 when UTF-16 code c is a key of the table; null when a key is not one code unit (then the
 *  pre-scan is skipped). */
let traditional: Uint8Array | null | undefined;

function buildCodes(t: Map<string, string>): Uint8Array | null {
  const codes = new Uint8Array(65536);
  for (const k of t.keys()) {
    if (k.length !== 1) return null;
    codes[k.charCodeAt(0)] = 1;
  }
  return codes;
}

/** Map traditional characters to simplified; other characters are returned unchanged. */
export function toSimplified(text: string): string {
  table ??= buildTable();
  const t = table;
  // Most pages hold no traditional character: a table scan says so faster than the regular expression's class of
  // ~600 characters (same result: with no key in the text, replace() changes nothing).
  if (traditional === undefined) traditional = buildCodes(t);
  if (traditional) {
    const codes = traditional;
    let i = 0;
    const n = text.length;
    while (i < n && codes[text.charCodeAt(i)] !== 1) i++;
    if (i === n) return text;
  }
  // One native scan with a character class; the callback runs only on traditional characters.
  pattern ??= new RegExp(`[${[...t.keys()].join('')}]`, 'g');
  return text.replace(pattern, (c) => t.get(c) ?? c);
}
