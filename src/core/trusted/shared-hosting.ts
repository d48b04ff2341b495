/**
 * Platforms where anyone can publish: the platform's domain says nothing about who wrote the page.
 *
 * Two kinds:
 *  - `SHARED_HOSTING_SUFFIXES`: every subdomain is a tenant (`alice.github.io`, `shop-x.vercel.app`,
 *    `bucket.oss-cn-hangzhou.aliyuncs.com`). A scam lives at a tenant host (list it by host, or by path).
 *  - `SHARED_HOSTING_HOSTS`: one host, tenants are paths (`sites.google.com/view/x`, `docs.google.com/forms/…`,
 *    `t.me/name`). A scam is listed by path, never by host.
 *
 * About the Public Suffix List: tldts (default `allowPrivateDomains: false`, which is what ScamSentinel uses
 * everywhere) returns the platform itself as the registrable domain (`x.github.io` → `github.io`), while the
 * PSL's *private* section would make each tenant a registrable domain (`x.github.io`). Some platforms here are in
 * that private section (github.io, vercel.app, netlify.app, pages.dev, blogspot.com, web.app, firebaseapp.com,
 * herokuapp.com, wixsite.com, amplifyapp.com, cloudfront.net, myshopify.com, notion.site …), others are not
 * (aliyuncs.com, myqcloud.com, weebly.com, googleusercontent.com, gitee.io, feishu.cn …). We do not depend on that
 * flag: membership is decided by the label-wise suffix match below, so both groups behave the same way.
 */

export const SHARED_HOSTING_SUFFIXES: readonly string[] = Object.freeze([
  // static sites / app hosting
  'github.io', 'gitlab.io', 'gitee.io', 'vercel.app', 'now.sh', 'netlify.app', 'netlify.com', 'pages.dev',
  'workers.dev', 'r2.dev', 'firebaseapp.com', 'web.app', 'herokuapp.com', 'amplifyapp.com', 'azurewebsites.net',
  'azurestaticapps.net', 'azureedge.net', 'blob.core.windows.net', 'cloudfront.net', 'appspot.com', 'run.app',
  'cloudfunctions.net', 'onrender.com', 'fly.dev', 'railway.app', 'glitch.me', 'replit.app',
  'repl.co', 'surge.sh', 'deno.dev', 'ngrok.io', 'ngrok-free.app', 'ngrok.app', 'trycloudflare.com', 'loca.lt',
  'codeberg.page', 'readthedocs.io', 'bitbucket.io', 'neocities.org', 'tiiny.site', 'framer.website', 'framer.app',
  'webflow.io', 'carrd.co', 'notion.site', 'ipfs.io', 'dweb.link', 'fleek.co', 'on-fleek.app', '4everland.app',
  // site builders, blogs, shops
  'blogspot.com', 'wordpress.com', 'wixsite.com', 'weebly.com', 'square.site', 'squarespace.com',
  'myshopify.com', 'tumblr.com', 'jimdosite.com', 'webnode.page', 'strikingly.com', 'substack.com', 'mystrikingly.com',
  'godaddysites.com', 'business.site', 'yolasite.com', 'site123.me', 'tilda.ws', 'hpage.com', 'bravesites.com',
  'my.canva.site', 'canva.site', 'sharepoint.com', 'zendesk.com', 'freshdesk.com', 'typeform.com', 'jotform.com',
  // object storage / CDNs with customer buckets
  'aliyuncs.com', 'myqcloud.com', 'qcloud.la', 'myhuaweicloud.com', 'bcebos.com', 'ksyuncs.com', 'qiniucdn.com', 'clouddn.com', 'qnssl.com', 'upaiyun.com', 'volces.com', 'amazonaws.com',
  'googleusercontent.com', 'digitaloceanspaces.com', 'backblazeb2.com', 'r2.cloudflarestorage.com',
  'wasabisys.com', 'linodeobjects.com', 'feishu.cn', 'larksuite.com',
  // Chinese page/landing builders
  'ewebsite.cn', 'rrxiu.net', 'maka.im', 'eqxiu.com', 'wjx.cn', 'wjx.top', 'jinshuju.net', 'mikecrm.com',
]);

export const SHARED_HOSTING_HOSTS: readonly string[] = Object.freeze([
  'sites.google.com', 'docs.google.com', 'drive.google.com', 'forms.gle', 'script.google.com',
  'storage.googleapis.com', 'firebasestorage.googleapis.com', 'raw.githubusercontent.com',
  'gist.github.com', 'gist.githubusercontent.com', 'cdn.jsdelivr.net', 'unpkg.com', 'onedrive.live.com',
  'forms.office.com', 'forms.microsoft.com', 'dl.dropboxusercontent.com', 'www.dropbox.com', 't.me', 'telegra.ph',
  'mp.weixin.qq.com', 'docs.qq.com', 'wj.qq.com', 'pan.baidu.com', 'www.kdocs.cn', 'shimo.im', 'www.yuque.com',
  'linktr.ee', 'pastebin.com',
]);

/**
 * Link shorteners: the visible host hides the destination. Tenant subdomains count too (`x.bit.ly` is rare but
 * harmless to include).
 */
export const URL_SHORTENERS: readonly string[] = Object.freeze([
  'bit.ly', 'bitly.com', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'buff.ly', 'is.gd', 'v.gd', 'cutt.ly',
  'rebrand.ly', 'rb.gy', 'shorturl.at', 'tiny.cc', 'bl.ink', 'short.io', 'shorte.st', 'adf.ly', 'lnkd.in',
  'youtu.be', 'amzn.to', 'amzn.eu', 'a.co', 'fb.me', 'm.me', 'wa.me', 'ift.tt', 'dlvr.it', 'trib.al',
  'soo.gd', 's.id', 'qr.ae', 'clck.ru', 'urlz.fr', 'x.gd', 'shrtco.de', 'tny.im', '1url.cz', 'linkin.bio',
  'han.gl', 'me2.do', 'reurl.cc', 'pse.is', 'lihi.cc', 'lihi1.cc', 'lihi1.com', 'ppt.cc', 'tinyurl.cn',
  // mainland China
  't.cn', 'url.cn', 'dwz.cn', 'suo.im', 'sohu.gg', 'tb.cn', '3.cn', 'u.jd.com',
  'dwz.date', 'kurl.cn', 'sina.lt', '6du.in', 'mrw.so', 'uee.me', 'dwz.mk',
]);
