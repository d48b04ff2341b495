/**
 * Default protected brands (see `types.ts` for the meaning of each field). Hand-written; `domains` lists
 * registrable domains the brand itself operates (first = the "did you mean" target). Do not add look-alike
 * defensive registrations here: a brand's real sites are what we send people to.
 */
import type { BrandData } from './types.ts';

const AMAZON_DOMAINS = [
  'amazon.com', 'amazon.co.uk', 'amazon.de', 'amazon.co.jp', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.ca',
  'amazon.com.au', 'amazon.in', 'amazon.cn', 'amazon.com.br', 'amazon.com.mx', 'amazon.nl', 'amazon.sg',
  'amazon.ae', 'amazon.sa', 'amazon.se', 'amazon.pl', 'amazon.com.tr', 'amazon.eg', 'amazon.com.be',
  'amazon.jobs', 'media-amazon.com', 'ssl-images-amazon.com', 'amazontrust.com', 'amazon.dev', 'aboutamazon.com',
  'amzn.to', 'amzn.eu', 'a.co', 'primevideo.com', 'audible.com', 'kindle.com',
];
const GOOGLE_DOMAINS = [
  'google.com', 'google.com.hk', 'google.com.tw', 'google.co.uk', 'google.de', 'google.co.jp', 'google.fr',
  'google.ca', 'google.com.au', 'google.co.in', 'google.com.br', 'google.es', 'google.it', 'google.com.sg',
  'google.cn', 'google.dev', 'gmail.com', 'youtube.com', 'youtu.be', 'gstatic.com', 'googleapis.com', 'goo.gl',
  'android.com', 'blogger.com', 'googleusercontent.com', 'googlevideo.com', 'ytimg.com', 'withgoogle.com',
  'googleadservices.com', 'google-analytics.com', 'googletagmanager.com', 'googlesyndication.com', 'forms.gle',
];
const EBAY_DOMAINS = ['ebay.com', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es', 'ebay.ca', 'ebay.com.au', 'ebayimg.com'];

export const DEFAULT_BRANDS: BrandData = {
  version: 1,
  brands: [
    // ── mainland China platforms ──
    { id: 'taobao', name: 'Taobao 淘宝', domains: ['taobao.com', 'tb.cn', 'taobao.org', 'taobaocdn.com', 'alicdn.com'], keywords: ['taobao'], cjk: ['淘宝'] },
    { id: 'tmall', name: 'Tmall 天猫', domains: ['tmall.com', 'tmall.hk'], keywords: ['tianmao'], weakKeywords: ['tmall'], cjk: ['天猫'] },
    { id: 'alipay', name: 'Alipay 支付宝', domains: ['alipay.com', 'alipayobjects.com', 'alipay.hk', 'alipayhk.com', 'alipayplus.com', 'antgroup.com', 'mybank.cn'], keywords: ['alipay', 'zhifubao', 'huabei', 'jiebei'], cjk: ['支付宝', '花呗', '借呗', '蚂蚁'] },
    { id: 'alibaba', name: 'Alibaba 阿里巴巴', domains: ['alibaba.com', '1688.com', 'aliyun.com', 'alibabacloud.com', 'aliexpress.com', 'alibabagroup.com', 'dingtalk.com', 'xianyu.com', 'goofish.com'], keywords: ['alibaba', 'aliyun', 'aliexpress', 'dingtalk', 'xianyu'], cjk: ['阿里巴巴', '阿里云', '闲鱼', '钉钉'] },
    { id: 'jd', name: 'JD.com 京东', domains: ['jd.com', 'jd.hk', '360buy.com', '360buyimg.com', 'jdpay.com', 'jdl.com', 'jdl.cn', 'jdcloud.com', '3.cn', 'jingxi.com'], keywords: ['jingdong', 'jdpay'], weakKeywords: ['jd'], cjk: ['京东'] },
    { id: 'pinduoduo', name: 'Pinduoduo 拼多多', domains: ['pinduoduo.com', 'yangkeduo.com', 'pddpic.com'], keywords: ['pinduoduo', 'yangkeduo'], weakKeywords: ['pdd'], cjk: ['拼多多'] },
    { id: 'meituan', name: 'Meituan 美团', domains: ['meituan.com', 'meituan.net', 'dianping.com'], keywords: ['meituan', 'dianping'], cjk: ['美团', '大众点评'] },
    { id: 'tencent', name: 'WeChat / Tencent 微信 腾讯', domains: ['qq.com', 'wechat.com', 'tencent.com', 'tenpay.com', 'weixin.com', 'qcloud.com', 'tencentcloud.com', 'gtimg.com', 'servicewechat.com', 'wechatpay.com.hk'], keywords: ['wechat', 'weixin', 'tencent', 'tenpay', 'caifutong', 'wechatpay'], weakKeywords: ['qq'], cjk: ['微信', '腾讯', '财付通'] },
    { id: 'douyin', name: 'Douyin 抖音', domains: ['douyin.com', 'bytedance.com', 'toutiao.com', 'tiktok.com', 'douyinpic.com'], keywords: ['douyin', 'bytedance', 'toutiao', 'tiktok'], cjk: ['抖音', '字节跳动', '今日头条'] },
    { id: 'kuaishou', name: 'Kuaishou 快手', domains: ['kuaishou.com', 'kuaishoupay.com'], keywords: ['kuaishou'], cjk: ['快手'] },
    { id: 'baidu', name: 'Baidu 百度', domains: ['baidu.com', 'bdstatic.com', 'hao123.com'], keywords: ['baidu'], cjk: ['百度'] },
    { id: 'ctrip', name: 'Ctrip / Trip.com 携程', domains: ['ctrip.com', 'trip.com'], keywords: ['ctrip', 'xiecheng'], cjk: ['携程'] },
    { id: 'huawei', name: 'Huawei 华为', domains: ['huawei.com', 'huaweicloud.com', 'vmall.com', 'hicloud.com', 'hihonor.com'], keywords: ['huawei', 'huaweicloud', 'hicloud', 'vmall'], cjk: ['华为'] },
    { id: 'xiaomi', name: 'Xiaomi 小米', domains: ['mi.com', 'xiaomi.com', 'miui.com'], keywords: ['xiaomi'], cjk: ['小米'] },
    { id: 'railway12306', name: 'China Railway 12306', domains: ['12306.cn'], numbers: ['12306'], keywords: ['tielu'], cjk: ['铁路', '火车票'] },
    // ── banks, card scheme, payment ──
    { id: 'icbc', name: 'ICBC 工商银行', domains: ['icbc.com.cn'], keywords: ['icbc', 'gonghang'], numbers: ['95588'], cjk: ['工商银行', '工行'] },
    { id: 'ccb', name: 'China Construction Bank 建设银行', domains: ['ccb.com', 'ccb.cn'], keywords: ['jianhang'], weakKeywords: ['ccb'], numbers: ['95533'], cjk: ['建设银行', '建行'] },
    { id: 'abc', name: 'Agricultural Bank of China 农业银行', domains: ['abchina.com', 'abchina.com.cn'], keywords: ['abchina', 'nonghang'], numbers: ['95599'], cjk: ['农业银行', '农行'] },
    { id: 'boc', name: 'Bank of China 中国银行', domains: ['boc.cn', 'bankofchina.com'], keywords: ['bankofchina'], weakKeywords: ['boc'], numbers: ['95566'], cjk: ['中国银行', '中行'] },
    { id: 'cmb', name: 'China Merchants Bank 招商银行', domains: ['cmbchina.com'], keywords: ['cmbchina', 'zhaohang'], weakKeywords: ['cmb'], numbers: ['95555'], cjk: ['招商银行', '招行'] },
    { id: 'bocom', name: 'Bank of Communications 交通银行', domains: ['bankcomm.com'], keywords: ['bankcomm'], numbers: ['95559'], cjk: ['交通银行'] },
    { id: 'psbc', name: 'Postal Savings Bank of China 邮储银行', domains: ['psbc.com'], keywords: ['psbc'], numbers: ['95580'], cjk: ['邮储银行', '邮政储蓄'] },
    { id: 'cmbc', name: 'China Minsheng Bank 民生银行', domains: ['cmbc.com.cn'], weakKeywords: ['cmbc'], numbers: ['95568'], cjk: ['民生银行'] },
    { id: 'citic', name: 'China CITIC Bank 中信银行', domains: ['citicbank.com'], keywords: ['citicbank'], numbers: ['95558'], cjk: ['中信银行'] },
    { id: 'pingan', name: 'Ping An 平安', domains: ['pingan.com', 'pingan.com.cn'], weakKeywords: ['pingan'], numbers: ['95511'], cjk: ['平安银行', '平安保险'] },
    { id: 'unionpay', name: 'China UnionPay 银联', domains: ['unionpay.com', '95516.com', 'unionpayintl.com'], keywords: ['unionpay', 'yinlian', 'yunshanfu'], numbers: ['95516'], cjk: ['银联', '云闪付'] },
    // ── logistics ──
    { id: 'chinapost', name: 'China Post / EMS 中国邮政', domains: ['chinapost.com.cn', 'ems.com.cn', '11183.com.cn'], keywords: ['chinapost', 'youzheng'], weakKeywords: ['ems'], numbers: ['11183'], cjk: ['中国邮政', '邮政'], category: 'fake-service' },
    { id: 'sf', name: 'SF Express 顺丰', domains: ['sf-express.com', 'sf-international.com'], keywords: ['sfexpress', 'shunfeng'], numbers: ['95338'], cjk: ['顺丰'], category: 'fake-service' },
    { id: 'cainiao', name: 'Cainiao 菜鸟', domains: ['cainiao.com'], keywords: ['cainiao'], cjk: ['菜鸟裹裹', '菜鸟驿站'], category: 'fake-service' },
    { id: 'zto', name: 'ZTO Express 中通', domains: ['zto.com'], weakKeywords: ['zto'], cjk: ['中通快递'], category: 'fake-service' },
    // ── government ──
    { id: 'govcn', name: 'Chinese government portals (gov.cn)', domains: ['www.gov.cn', 'gov.cn'], keywords: ['govcn'], weakKeywords: ['gov'], cjk: ['政务', '人社局', '公安局', '税务局'] },
    { id: 'chinatax', name: 'State Taxation Administration 国家税务总局', domains: ['chinatax.gov.cn'], keywords: ['chinatax', 'shuiwu'], numbers: ['12366'], cjk: ['税务'] },
    { id: 'traffic12123', name: 'Traffic Management 12123 交管', domains: ['122.gov.cn'], numbers: ['12123'], cjk: ['交管'] },
    // ── global ──
    { id: 'paypal', name: 'PayPal', domains: ['paypal.com', 'paypal.me', 'paypalobjects.com', 'paypal.cn'], keywords: ['paypal'] },
    { id: 'amazon', name: 'Amazon', domains: AMAZON_DOMAINS, keywords: ['amazon'], weakKeywords: ['amzn'] },
    { id: 'apple', name: 'Apple / iCloud', domains: ['apple.com', 'icloud.com', 'me.com', 'apple.com.cn', 'icloud.com.cn', 'mzstatic.com', 'aaplimg.com', 'cdn-apple.com'], keywords: ['icloud', 'itunes', 'appleid', 'applepay'], weakKeywords: ['apple'] },
    { id: 'microsoft', name: 'Microsoft', domains: ['microsoft.com', 'live.com', 'outlook.com', 'office.com', 'office365.com', 'microsoftonline.com', 'msn.com', 'xbox.com', 'microsoft365.com', 'windows.com', 'azure.com', 'skype.com', 'bing.com', 'hotmail.com', 'onedrive.com', 'sharepoint.com'], keywords: ['microsoft', 'office365', 'microsoftonline', 'hotmail', 'onedrive', 'sharepoint', 'microsoft365'], weakKeywords: ['outlook', 'msn', 'xbox'] },
    { id: 'google', name: 'Google / Gmail', domains: GOOGLE_DOMAINS, keywords: ['google', 'gmail', 'youtube'] },
    { id: 'meta', name: 'Facebook / Instagram / WhatsApp', domains: ['facebook.com', 'fb.com', 'instagram.com', 'whatsapp.com', 'messenger.com', 'meta.com', 'fbcdn.net', 'wa.me', 'm.me'], keywords: ['facebook', 'instagram', 'whatsapp'] },
    { id: 'netflix', name: 'Netflix', domains: ['netflix.com'], keywords: ['netflix'] },
    { id: 'ebay', name: 'eBay', domains: EBAY_DOMAINS, weakKeywords: ['ebay'] },
    { id: 'steam', name: 'Steam', domains: ['steampowered.com', 'steamcommunity.com'], keywords: ['steampowered', 'steamcommunity'] },
    { id: 'dhl', name: 'DHL', domains: ['dhl.com', 'dhl.de'], weakKeywords: ['dhl'], category: 'fake-service' },
    { id: 'fedex', name: 'FedEx', domains: ['fedex.com'], keywords: ['fedex'], category: 'fake-service' },
    { id: 'ups', name: 'UPS', domains: ['ups.com'], weakKeywords: ['ups'], category: 'fake-service' },
    { id: 'usps', name: 'USPS', domains: ['usps.com'], keywords: ['usps'], category: 'fake-service' },
    { id: 'royalmail', name: 'Royal Mail', domains: ['royalmail.com'], keywords: ['royalmail'], category: 'fake-service' },
    { id: 'chase', name: 'Chase', domains: ['chase.com', 'jpmorganchase.com'], weakKeywords: ['chase'] },
    { id: 'bofa', name: 'Bank of America', domains: ['bankofamerica.com', 'bofa.com'], keywords: ['bankofamerica'] },
    { id: 'wellsfargo', name: 'Wells Fargo', domains: ['wellsfargo.com'], keywords: ['wellsfargo'] },
    { id: 'citi', name: 'Citibank', domains: ['citi.com', 'citibank.com', 'citibank.com.cn'], keywords: ['citibank'] },
    { id: 'hsbc', name: 'HSBC', domains: ['hsbc.com', 'hsbc.co.uk', 'hsbc.com.hk', 'hsbc.com.cn'], keywords: ['hsbc'] },
    { id: 'barclays', name: 'Barclays', domains: ['barclays.co.uk', 'barclays.com'], keywords: ['barclays'] },
    { id: 'santander', name: 'Santander', domains: ['santander.com', 'santander.co.uk', 'santander.com.br', 'bancosantander.es'], keywords: ['santander'] },
    { id: 'dbs', name: 'DBS Bank', domains: ['dbs.com', 'dbs.com.sg', 'dbs.com.hk'], weakKeywords: ['dbs'] },
    { id: 'ocbc', name: 'OCBC', domains: ['ocbc.com'], keywords: ['ocbc'] },
    { id: 'visa', name: 'Visa', domains: ['visa.com', 'visa.com.cn'], weakKeywords: ['visa'] },
    { id: 'mastercard', name: 'Mastercard', domains: ['mastercard.com', 'mastercard.com.cn'], keywords: ['mastercard'] },
    { id: 'amex', name: 'American Express', domains: ['americanexpress.com', 'aexp.com'], keywords: ['americanexpress'], weakKeywords: ['amex'] },
    { id: 'binance', name: 'Binance', domains: ['binance.com', 'binance.us', 'bnbchain.org'], keywords: ['binance'], category: 'investment' },
    { id: 'coinbase', name: 'Coinbase', domains: ['coinbase.com'], keywords: ['coinbase'], category: 'investment' },
    { id: 'okx', name: 'OKX', domains: ['okx.com', 'okex.com'], keywords: ['okex'], weakKeywords: ['okx'], category: 'investment' },
    { id: 'bybit', name: 'Bybit', domains: ['bybit.com'], keywords: ['bybit'], category: 'investment' },
    { id: 'kucoin', name: 'KuCoin', domains: ['kucoin.com'], keywords: ['kucoin'], category: 'investment' },
    { id: 'huobi', name: 'HTX / Huobi', domains: ['huobi.com', 'htx.com'], keywords: ['huobi'], weakKeywords: ['htx'], category: 'investment' },
    { id: 'bitget', name: 'Bitget', domains: ['bitget.com'], keywords: ['bitget'], category: 'investment' },
    { id: 'kraken', name: 'Kraken', domains: ['kraken.com'], weakKeywords: ['kraken'], category: 'investment' },
    { id: 'metamask', name: 'MetaMask', domains: ['metamask.io'], keywords: ['metamask'], category: 'investment' },
    { id: 'trustwallet', name: 'Trust Wallet', domains: ['trustwallet.com'], keywords: ['trustwallet'], category: 'investment' },
    { id: 'ledger', name: 'Ledger', domains: ['ledger.com'], weakKeywords: ['ledger'], category: 'investment' },
    { id: 'imtoken', name: 'imToken', domains: ['token.im'], keywords: ['imtoken'], category: 'investment' },
    { id: 'tokenpocket', name: 'TokenPocket', domains: ['tokenpocket.pro'], keywords: ['tokenpocket'], category: 'investment' },
  ],
};
