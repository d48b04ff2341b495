/**
 * Default trusted list: hand-picked registrable domains (ICANN public suffix + one label, as tldts computes
 * them with its default `allowPrivateDomains: false`) whose owners we know. Shipped with the extension and
 * consumed by the URL-risk signals (never warn) and by the maintainer list guard (never list without override).
 *
 * Rules for adding an entry:
 *  - the registrable domain itself, lower-case ASCII (punycode for IDNs), no `www.`;
 *  - its operator must be the brand / institution (no typo-squats, even defensive ones);
 *  - NOT a platform whose subdomains or paths belong to arbitrary users — those go to `shared-hosting.ts`
 *    (github.io, blogspot.com, vercel.app …). Mixed cases such as google.com (sites.google.com) stay trusted here
 *    and their user-content hosts are listed in `SHARED_HOSTING_HOSTS`, which wins over this list.
 *
 * Whole suffixes (any `*.gov.cn`, `*.gov`, …) are in `TRUSTED_SUFFIXES` below.
 */

const GLOBAL_TOP = [
  // search, portals, social, messaging
  'google.com', 'google.com.hk', 'google.com.tw', 'google.co.uk', 'google.de', 'google.co.jp', 'google.fr',
  'google.ca', 'google.com.au', 'google.co.in', 'google.com.br', 'google.es', 'google.it', 'google.com.sg',
  'youtube.com', 'gmail.com', 'gstatic.com', 'googleapis.com', 'googlevideo.com', 'ytimg.com', 'ggpht.com',
  'google-analytics.com', 'googletagmanager.com', 'googlesyndication.com', 'doubleclick.net', 'android.com',
  'chrome.com', 'chromium.org', 'withgoogle.com', 'blogger.com', 'googleadservices.com', 'recaptcha.net',
  'facebook.com', 'fb.com', 'fbcdn.net', 'messenger.com', 'instagram.com', 'cdninstagram.com', 'whatsapp.com',
  'whatsapp.net', 'meta.com', 'threads.net', 'oculus.com', 'twitter.com', 'x.com', 'twimg.com', 'linkedin.com',
  'licdn.com', 'reddit.com', 'redditstatic.com', 'redditmedia.com', 'pinterest.com', 'pinimg.com', 'quora.com',
  'tiktok.com', 'tiktokcdn.com', 'snapchat.com', 'discord.com', 'discordapp.com', 'telegram.org', 'signal.org',
  'viber.com', 'line.me', 'naver.com', 'daum.net', 'kakao.com', 'kakaocorp.com', 'yandex.ru', 'yandex.com',
  'vk.com', 'mail.ru', 'ok.ru', 'yahoo.com', 'yahoo.co.jp', 'yimg.com', 'aol.com', 'bing.com', 'duckduckgo.com',
  'ecosia.org', 'wikipedia.org', 'wikimedia.org', 'wikidata.org', 'wiktionary.org', 'wikihow.com', 'archive.org',
  'twitch.tv', 'vimeo.com', 'dailymotion.com', 'soundcloud.com', 'spotify.com', 'netflix.com', 'nflxvideo.net',
  'hulu.com', 'disneyplus.com', 'disney.com', 'hbomax.com', 'max.com', 'primevideo.com', 'imdb.com', 'zoom.us',
  'zoom.com', 'skype.com', 'slack.com', 'webex.com', 'ted.com', 'flickr.com', 'imgur.com',
  'stackoverflow.com', 'stackexchange.com', 'github.com', 'githubassets.com', 'gitlab.com', 'bitbucket.org',
  'npmjs.com', 'pypi.org', 'python.org', 'nodejs.org', 'mozilla.org', 'firefox.com', 'apache.org', 'kernel.org',
  'debian.org', 'ubuntu.com', 'redhat.com', 'docker.com', 'w3.org', 'ietf.org', 'icann.org', 'iana.org',
  'letsencrypt.org', 'openai.com', 'chatgpt.com', 'anthropic.com', 'claude.ai', 'huggingface.co', 'notion.so',
  'atlassian.com', 'trello.com', 'canva.com', 'figma.com', 'adobe.com', 'dropbox.com', 'box.com', 'evernote.com',
  'grammarly.com', 'deepl.com', 'mailchimp.com', 'zendesk.com', 'salesforce.com', 'hubspot.com', 'oracle.com',
  'sap.com', 'ibm.com', 'intel.com', 'nvidia.com', 'amd.com', 'qualcomm.com', 'cisco.com', 'vmware.com',
  'samsung.com', 'sony.com', 'lg.com', 'dell.com', 'hp.com', 'lenovo.com', 'asus.com', 'acer.com', 'logitech.com',
  'cloudflare.com', 'akamai.com', 'fastly.com', 'godaddy.com', 'namecheap.com', 'squarespace.com', 'wix.com',
  'shopify.com', 'wordpress.org', 'medium.com', 'substack.com', 'patreon.com', 'eventbrite.com', 'surveymonkey.com',
  'typeform.com', 'docusign.com', 'steampowered.com', 'steamcommunity.com', 'epicgames.com', 'roblox.com',
  'ea.com', 'playstation.com', 'nintendo.com', 'xbox.com', 'blizzard.com', 'riotgames.com', 'unity.com',
  // Microsoft & Apple
  'microsoft.com', 'live.com', 'outlook.com', 'office.com', 'office365.com', 'microsoftonline.com', 'msn.com',
  'windows.com', 'windowsupdate.com', 'azure.com', 'msftconnecttest.com', 'microsoft365.com', 'bing.net',
  'apple.com', 'icloud.com', 'me.com', 'mzstatic.com', 'apple.com.cn', 'icloud.com.cn',
  // news & reference
  'bbc.co.uk', 'bbc.com', 'cnn.com', 'nytimes.com', 'theguardian.com', 'washingtonpost.com', 'reuters.com',
  'bloomberg.com', 'wsj.com', 'ft.com', 'economist.com', 'forbes.com', 'apnews.com', 'npr.org', 'cnbc.com',
  'foxnews.com', 'nbcnews.com', 'go.com', 'usatoday.com', 'time.com', 'nature.com', 'sciencedirect.com',
  'springer.com', 'elsevier.com', 'nih.gov', 'britannica.com', 'merriam-webster.com', 'dictionary.com',
  'weather.com', 'accuweather.com', 'espn.com', 'nhk.or.jp', 'asahi.com', 'nikkei.com', 'scmp.com', 'rthk.hk',
  'dw.com', 'lemonde.fr', 'spiegel.de', 'elpais.com', 'abc.net.au', 'cbc.ca',
  // shopping, travel, services
  'amazon.com', 'amazon.co.uk', 'amazon.de', 'amazon.co.jp', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.ca',
  'amazon.com.au', 'amazon.in', 'amazon.cn', 'amazon.com.br', 'amazon.com.mx', 'amazon.nl', 'amazon.sg',
  'amazon.ae', 'amazon.sa', 'amazon.se', 'amazon.pl', 'amazon.com.tr', 'amazon.eg', 'media-amazon.com',
  'ssl-images-amazon.com', 'amazon.jobs', 'audible.com', 'kindle.com', 'zappos.com',
  'ebay.com', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es', 'ebay.ca', 'ebay.com.au', 'ebayimg.com',
  'walmart.com', 'target.com', 'bestbuy.com', 'costco.com', 'homedepot.com', 'lowes.com', 'ikea.com', 'ikea.cn',
  'etsy.com', 'wayfair.com', 'macys.com', 'nike.com', 'adidas.com', 'zara.com', 'hm.com', 'uniqlo.com',
  'sephora.com', 'temu.com', 'shein.com', 'rakuten.co.jp', 'rakuten.com', 'mercadolibre.com', 'mercadolivre.com.br',
  'shopee.com', 'shopee.tw', 'shopee.sg', 'shopee.co.id', 'lazada.com', 'coupang.com', 'flipkart.com',
  'booking.com', 'airbnb.com', 'expedia.com', 'hotels.com', 'tripadvisor.com', 'agoda.com', 'kayak.com',
  'skyscanner.net', 'uber.com', 'lyft.com', 'grab.com', 'doordash.com', 'ubereats.com', 'deliveroo.co.uk',
  'indeed.com', 'glassdoor.com', 'craigslist.org', 'zillow.com', 'yelp.com', 'marriott.com', 'hilton.com',
  'delta.com', 'united.com', 'aa.com', 'emirates.com', 'qatarairways.com', 'singaporeair.com', 'cathaypacific.com',
  'britishairways.com', 'lufthansa.com', 'airfrance.com', 'jal.co.jp', 'ana.co.jp',
];

const CHINA_PLATFORMS = [
  // Alibaba group
  'taobao.com', 'tmall.com', 'tmall.hk', 'alipay.com', 'alipayobjects.com', 'alicdn.com', 'alibaba.com',
  'alibabagroup.com', '1688.com', 'aliyun.com', 'alibabacloud.com', 'aliexpress.com', 'aliexpress.ru', 'dingtalk.com',
  'youku.com', 'amap.com', 'autonavi.com', 'ele.me', 'fliggy.com', 'goofish.com', 'uc.cn', 'ucweb.com',
  'cainiao.com', 'alimama.com', 'taobao.org', 'mmstat.com', 'tanx.com', 'tbcdn.cn', 'xiami.com', 'lazada.sg',
  'antgroup.com', 'mybank.cn', 'dingtalkapps.com', 'quark.cn',
  // JD
  'jd.com', 'jd.hk', '360buy.com', '360buyimg.com', 'jdpay.com', 'jdl.com', 'jdl.cn', 'jdcloud.com',   'jingxi.com', 'jddj.com',
  // PDD, Meituan
  'pinduoduo.com', 'yangkeduo.com', 'pddpic.com', 'pddugc.com', 'meituan.com', 'meituan.net', 'dianping.com',
  'sankuai.com',
  // Tencent
  'qq.com', 'wechat.com', 'tencent.com', 'tenpay.com', 'qcloud.com', 'tencentcloud.com', 'gtimg.com', 'gtimg.cn',
  'qpic.cn', 'qlogo.cn', 'wegame.com', 'wegame.com.cn', 'tencentmusic.com', 'kugou.com', 'kuwo.cn', 'qqmail.com',
  'weiyun.com', 'servicewechat.com', 'wechatpay.com.hk', 'foxmail.com',
  // Baidu, ByteDance, Kuaishou
  'baidu.com', 'bdstatic.com', 'bdimg.com', 'baidupcs.com', 'baidubce.com', 'hao123.com', 'iqiyi.com',   'bytedance.com', 'douyin.com', 'douyinpic.com', 'douyinstatic.com', 'toutiao.com', 'ixigua.com', 'feishu.cn',
  'larksuite.com', 'volcengine.com', 'snssdk.com', 'pstatp.com', 'kuaishou.com', 'kuaishoupay.com', 'yximgs.com',
  // portals, media, social
  'weibo.com', 'weibo.cn', 'sina.com.cn', 'sina.cn', 'sinaimg.cn', 'sohu.com', '163.com', '126.com', '126.net',
  '127.net', 'netease.com', 'yeah.net', 'xiaohongshu.com', 'xhscdn.com', 'bilibili.com', 'hdslb.com', 'biligame.com',
  'zhihu.com', 'zhimg.com', 'douban.com', 'doubanio.com', 'cctv.com', 'cntv.cn', 'xinhuanet.com', 'news.cn',
  'people.com.cn', 'chinadaily.com.cn', 'china.com.cn', 'cnr.cn', 'thepaper.cn', 'ifeng.com', 'caixin.com',
  'chinanews.com.cn', 'gmw.cn', 'youth.cn', 'huanqiu.com', 'qianlong.com', 'yicai.com', 'cls.cn', '36kr.com',
  'huxiu.com', 'zol.com.cn', 'pconline.com.cn', 'autohome.com.cn', 'dongchedi.com', 'bitauto.com', 'yiche.com',
  'hupu.com', 'mafengwo.cn',   // devices, telecoms, utilities
  'xiaomi.com', 'mi.com', 'miui.com', 'huawei.com', 'huaweicloud.com', 'vmall.com', 'hihonor.com', 'honor.com',
  'oppo.com', 'vivo.com', 'vivo.com.cn', 'oneplus.com', 'lenovo.com.cn', 'haier.com', 'midea.com', 'gree.com',
  'dji.com', 'byd.com', 'nio.com', 'xiaopeng.com', 'lixiang.com', '10086.cn', 'chinamobile.com', '189.cn',
  'chinatelecom.com.cn', 'chinatelecom.cn', '10010.com', 'chinaunicom.com', 'chinaunicom.cn', 'sgcc.com.cn',
  '95598.cn', 'csg.cn', 'sinopec.com', 'petrochina.com.cn', 'cnpc.com.cn', 'chinaz.com',
  // commerce, travel, jobs, life
  'vip.com', 'vipshop.com', 'suning.com', 'dangdang.com', 'gome.com.cn', 'ctrip.com', 'trip.com', 'qunar.com',
  'tuniu.com', 'ly.com', 'didiglobal.com', 'xiaojukeji.com', 'didichuxing.com', '58.com', 'ganji.com', 'anjuke.com',
  'ke.com', 'lianjia.com', 'zhaopin.com', '51job.com', 'liepin.com', 'zhipin.com', 'smzdm.com', 'yhd.com',
  'ceair.com', 'csair.com', 'airchina.com.cn', 'hainanairlines.com', 'xiamenair.com', 'sichuanair.com',
  '12306.cn', 'cnki.net', 'wanfangdata.com.cn', 'chsi.com.cn', 'xuexi.cn', 'chaoxing.com', 'zhihuishu.com',
  'icourse163.org', 'youdao.com', 'iflytek.com', 'kdocs.cn', 'wps.cn', 'wps.com', 'mubu.com', 'shimo.im',
  // developers, security, search
  'csdn.net', 'cnblogs.com', 'oschina.net', 'gitee.com', 'juejin.cn', 'segmentfault.com', 'v2ex.com', '360.cn',
  '360.com', 'so.com', 'sogou.com', 'qihoo.net', 'ithome.com', 'sspai.com',
  // logistics
  'chinapost.com.cn', 'ems.com.cn', '11183.com.cn', 'sf-express.com', 'sf-international.com', 'zto.com', 'sto.cn',
  'yto.net.cn', 'yundaex.com', 'deppon.com', 'jtexpress.cn', 'jtexpress.com', 'kuaidi100.com', 'best-inc.com',
    // Hong Kong, Macau, Taiwan
  'hkex.com.hk', 'octopus.com.hk', 'hktdc.com', 'mtr.com.hk', 'hkexpress.com', 'hongkongpost.hk',   'ruten.com.tw', 'pchome.com.tw', 'momoshop.com.tw', 'books.com.tw', 'yahoo.com.tw', 'ettoday.net', 'udn.com',
  'ltn.com.tw', 'chinatimes.com', 'ptt.cc', 'dcard.tw', '591.com.tw', '104.com.tw', 'cht.com.tw', 'fetnet.net',
  'taiwanmobile.com', 'thsrc.com.tw', 'china-airlines.com', 'evaair.com',
];

const BANKS_FINANCE = [
  // mainland China banks, card schemes, regulators' non-gov domains, insurers, brokers
  'icbc.com.cn', 'ccb.com', 'ccb.cn', 'abchina.com', 'abchina.com.cn', 'boc.cn', 'bankofchina.com',
  'bankcomm.com', 'cmbchina.com', 'cmbc.com.cn', 'cib.com.cn', 'spdb.com.cn', 'citicbank.com', 'cebbank.com',
  'hxb.com.cn', 'pingan.com', 'pingan.com.cn', 'cgbchina.com.cn', 'psbc.com', 'bankofbeijing.com.cn', 'bosc.cn',
  'njcb.com.cn', 'hzbank.com.cn', 'czbank.com', 'cbhb.com.cn', 'hsbc.com.cn', 'citibank.com.cn', 'webank.com',
  'cdb.com.cn', 'adbc.com.cn', 'nbcb.com.cn', 'bankofshanghai.com', 'jsbchina.cn',
  'srcb.com', 'bjrcb.com', 'cqrcb.com', 'egbank.com.cn', 'hkbea.com.cn', 'bochk.com', 'hangseng.com',
  '95516.com', 'unionpay.com', 'unionpayintl.com', 'chinaums.com', 'cfca.com.cn', 'chinabond.com.cn',
  'chinaclear.cn', 'sse.com.cn', 'szse.cn', 'bse.cn', 'cninfo.com.cn', 'chinalife.com.cn', 'e-chinalife.com',
  'cpic.com.cn', 'epicc.com.cn', 'picc.com', 'newchinalife.com', 'taikang.com', 'citics.com', 'htsc.com.cn',
  'gtja.com', 'gf.com.cn', 'cmschina.com', 'eastmoney.com', '10jqka.com.cn', 'xueqiu.com', 'futunn.com',
  'futuholdings.com', 'lufax.com', 'lu.com', 'jdjr.com', 'creditchina.com.cn',
  // Hong Kong, Taiwan, Singapore, Japan, Korea
  'hsbc.com.hk', 'sc.com', 'standardchartered.com', 'dbs.com', 'dbs.com.sg', 'dbs.com.hk', 'ocbc.com',
  'uob.com.sg', 'cathaybk.com.tw', 'ctbcbank.com', 'esunbank.com.tw', 'esunbank.com', 'fubon.com',
  'taishinbank.com.tw', 'megabank.com.tw', 'firstbank.com.tw', 'landbank.com.tw', 'bot.com.tw', 'mufg.jp',
  'smbc.co.jp', 'mizuhobank.co.jp', 'japanpost.jp', 'rakuten-bank.co.jp',
  'kbstar.com', 'shinhan.com', 'wooribank.com', 'hanabank.com', 'maybank.com', 'maybank2u.com.my',
  'cimbclicks.com.my', 'publicbank.com.my',
  // Americas, Europe, Oceania, India
  'chase.com', 'jpmorganchase.com', 'jpmorgan.com', 'bankofamerica.com', 'bofa.com', 'wellsfargo.com', 'citi.com',
  'citibank.com', 'citigroup.com', 'usbank.com', 'pnc.com', 'capitalone.com', 'truist.com', 'tdbank.com', 'td.com',
  'schwab.com', 'fidelity.com', 'vanguard.com', 'morganstanley.com', 'goldmansachs.com', 'ally.com', 'discover.com',
  'americanexpress.com', 'aexp.com', 'navyfederal.org', 'usaa.com', 'regions.com', 'key.com', 'citizensbank.com',
  'fifththirdbank.com', 'etrade.com', 'robinhood.com', 'sofi.com', 'chime.com', 'rbc.com', 'rbcroyalbank.com',
  'scotiabank.com', 'bmo.com', 'cibc.com', 'desjardins.com', 'hsbc.com', 'hsbc.co.uk', 'barclays.co.uk',
  'barclays.com', 'lloydsbank.com', 'lloydsbankinggroup.com', 'natwest.com', 'rbs.co.uk', 'santander.com',
  'santander.co.uk', 'halifax.co.uk', 'nationwide.co.uk', 'tsb.co.uk', 'monzo.com', 'starlingbank.com',
  'db.com', 'deutsche-bank.de', 'commerzbank.de', 'sparkasse.de', 'dkb.de', 'n26.com', 'ing.com', 'ing.nl',
  'ing.de', 'abnamro.nl', 'rabobank.nl', 'bnpparibas.com', 'societegenerale.com', 'credit-agricole.fr',
  'labanquepostale.fr', 'ubs.com', 'credit-suisse.com', 'postfinance.ch', 'unicredit.it', 'intesasanpaolo.com',
  'bbva.com', 'bbva.es', 'caixabank.es', 'bancosantander.es', 'nordea.com', 'danskebank.com', 'seb.se',
  'swedbank.se', 'kbc.be', 'commbank.com.au', 'westpac.com.au', 'anz.com', 'anz.com.au', 'nab.com.au', 'asb.co.nz',
  'sbi.co.in', 'onlinesbi.sbi', 'hdfcbank.com', 'icicibank.com', 'axisbank.com', 'kotak.com', 'itau.com.br',
  'bradesco.com.br', 'bb.com.br', 'nubank.com.br', 'santander.com.br', 'banorte.com', 'bancomer.com',
  // card schemes, payments, remittance
  'visa.com', 'visa.com.cn', 'mastercard.com', 'mastercard.com.cn', 'jcb.co.jp', 'jcb.com', 'dinersclub.com',
  'paypal.com', 'paypal.me', 'paypalobjects.com', 'paypal.cn', 'venmo.com', 'xoom.com', 'braintreepayments.com',
  'stripe.com', 'adyen.com', 'squareup.com', 'square.com', 'cash.app', 'wise.com', 'transferwise.com',
  'revolut.com', 'klarna.com', 'afterpay.com', 'affirm.com', 'payoneer.com', 'skrill.com', 'neteller.com',
  'westernunion.com', 'moneygram.com', 'remitly.com', 'worldremit.com', 'zellepay.com', 'paytm.com', 'phonepe.com',
  'razorpay.com', 'mercadopago.com', 'payme.hsbc', 'alipayhk.com', 'tngdigital.com.my',
  'gcash.com', 'jkopay.com', 'paypay.ne.jp', 'payu.com', 'checkout.com', 'worldpay.com',
  'globalpayments.com', 'fiserv.com', 'paddle.com',
];

const CRYPTO = [
  'binance.com', 'binance.us', 'bnbchain.org', 'coinbase.com', 'kraken.com', 'okx.com', 'okex.com',
  'bybit.com', 'kucoin.com', 'gate.io', 'gate.com', 'huobi.com', 'htx.com', 'bitget.com', 'bitfinex.com',
  'bitstamp.net', 'gemini.com', 'crypto.com', 'mexc.com', 'upbit.com', 'bithumb.com', 'bitflyer.com',
  'coincheck.com', 'blockchain.com', 'metamask.io', 'trustwallet.com', 'ledger.com', 'trezor.io', 'etherscan.io',
  'tronscan.org', 'bscscan.com', 'tron.network', 'ethereum.org', 'bitcoin.org', 'coinmarketcap.com',
  'coingecko.com', 'uniswap.org', 'opensea.io', 'phantom.app', 'exodus.com', 'bitpanda.com', 'bitvavo.com',
  'token.im', 'tokenpocket.pro', 'tether.to', 'circle.com', 'solana.com', 'polygon.technology', 'chainlink.com',
];

const LOGISTICS_GLOBAL = [
  'ups.com', 'fedex.com', 'dhl.com', 'dhl.de', 'usps.com', 'royalmail.com', 'canadapost-postescanada.ca',
  'canadapost.ca', 'auspost.com.au', 'kuronekoyamato.co.jp', 'sagawa-exp.co.jp',
  'deutschepost.de', 'laposte.fr', 'postnl.nl', 'correos.es', 'poste.it', 'postnord.com', 'evri.com', 'dpd.com',
  'dpd.co.uk', 'gls-group.eu', 'gls-group.com', 'tnt.com', 'aramex.com', 'singpost.com', 'post.ch', 'bpost.be',
  'anpost.com', 'nzpost.co.nz', 'posti.fi', 'posten.no', 'correios.com.br', 'epost.go.kr', 'cjlogistics.com',
  '17track.net', 'cainiao.global', 'maersk.com', 'msc.com', 'cosco.com', 'coscoshipping.com',
];

const INSTITUTIONS = [
  // international organisations and government/anti-fraud domains outside the trusted suffixes
  'un.org', 'who.int', 'europa.eu', 'oecd.org', 'worldbank.org', 'imf.org', 'wto.org', 'unicef.org',
  'redcross.org', 'icrc.org', 'canada.ca', 'bund.de', 'admin.ch', 'service-public.fr', 'actionfraud.police.uk',
  'mygov.au', 'scamalert.sg', '12321.cn', 'cyberpolice.cn', 'chinacourt.org', 'redcross.org.cn', 'cnnic.cn',
  'cnnic.net.cn', 'isc.org.cn', 'cas.cn', 'cae.cn',
];

const CDN_INFRASTRUCTURE = [
  // CDN / DNS zones where only the CDN's contracted customers get names (CNAME targets such as
  // www.apple.com.edgekey.net). Open, self-serve CDNs (cloudfront.net, azureedge.net …) are shared hosting instead.
  'akamai.net', 'akamaihd.net', 'akamaized.net', 'akadns.net', 'akamaiedge.net', 'edgekey.net', 'edgesuite.net',
  'akamaitechnologies.com', 'fastly.net', 'fastlylb.net', 'llnwd.net', 'edgecastcdn.net', 'footprint.net',
  'trafficmanager.net', 'cloudflare.net', 'alikunlun.com', 'cdngslb.com', 'tbcache.com', 'chinanetcenter.com',
  'wscdns.com', 'dnsv1.com', 'cdntip.com', 'bdydns.com', 'aaplimg.com', 'cdn-apple.com',
];

/** Default trusted registrable domains (hand-picked, shippable). Lower-case ASCII; see header for the rules. */
export const TRUSTED_DOMAINS: readonly string[] = Object.freeze(
  [...new Set([...GLOBAL_TOP, ...CHINA_PLATFORMS, ...BANKS_FINANCE, ...CRYPTO, ...LOGISTICS_GLOBAL, ...INSTITUTIONS, ...CDN_INFRASTRUCTURE])],
);

/**
 * Whole suffixes whose registrations are restricted to governments / accredited institutions: any host under
 * them is trusted (`www.gov.cn`, `beian.miit.gov.cn`, `irs.gov`). Compared label-wise: `gov.cn.evil.com` is not
 * under `gov.cn`.
 */
export const TRUSTED_SUFFIXES: readonly string[] = Object.freeze([
  'gov.cn', 'edu.cn', 'mil.cn', 'ac.cn', 'gov', 'mil', 'edu', 'int', 'gov.tw', 'edu.tw', 'gov.hk', 'edu.hk', 'gov.mo',
  'gov.uk', 'ac.uk', 'police.uk', 'nhs.uk', 'gov.au', 'edu.au', 'gov.sg', 'edu.sg', 'gov.in', 'nic.in', 'gc.ca',
  'go.jp', 'ac.jp', 'lg.jp', 'go.kr', 'ac.kr', 'gouv.fr', 'gob.mx', 'gob.es', 'gov.br', 'gov.it', 'gov.ie',
  'govt.nz', 'gov.za', 'gov.ph', 'go.th', 'gov.my', 'go.id', 'gov.vn', 'gov.il', 'gov.tr', 'gov.ae', 'gov.sa',
]);
