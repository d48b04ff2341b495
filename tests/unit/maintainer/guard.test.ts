import { describe, expect, it } from 'vitest';
import { canonicalExpression } from '../../../src/core/url/index';
import { createGuard } from '../../../src/maintainer/guard';

const guard = createGuard({
  overrides: new Map([
    ['www.surveymonkey.com/r/fake-prize/', { key: 'x', reason: 'form used for phishing, path only' }],
    ['github.io/', { key: 'x', reason: 'an override must not lift the whole-platform rule' }],
  ]),
  trustedExtra: new Set(['my-bank.example', 'm.weibo-like.example']),
});

function decide(input: string): string {
  const key = canonicalExpression(input);
  if (key === null) throw new Error(`not canonical: ${input}`);
  const d = guard.check(key);
  return d.ok ? (d.override ? 'ok (override)' : 'ok') : d.rule;
}

describe('false-positive guard', () => {
  it.each([
    // trusted domains and their hosts/paths
    ['taobao.com', 'trusted'],
    ['www.taobao.com/some/page', 'trusted'],
    ['https://login.alipay.com/', 'trusted'],
    ['www.gov.cn', 'trusted'],
    ['beian.miit.gov.cn', 'trusted'],
    ['my-bank.example', 'trusted'], // config trustedExtra
    ['weibo-like.example', 'covers-trusted'], // would also match the trusted m.weibo-like.example
    ['weibo-like.example/promo', 'ok'],
    // shared hosting: never the whole platform, tenants and paths fine
    ['github.io', 'shared-hosting-whole'],
    ['evil-airdrop.github.io', 'ok'],
    ['evil-airdrop.github.io/claim', 'ok'],
    ['vercel.app', 'shared-hosting-whole'],
    ['dot-claim.vercel.app', 'ok'],
    ['aliyuncs.com', 'shared-hosting-whole'],
    ['scam-bucket.oss-cn-hangzhou.aliyuncs.com', 'ok'],
    ['sites.google.com', 'shared-hosting-whole'],
    ['https://sites.google.com/view/refund-center', 'ok'],
    ['https://docs.google.com/forms/d/e/abc/viewform', 'ok'],
    ['mp.weixin.qq.com', 'shared-hosting-whole'],
    ['https://mp.weixin.qq.com/s/abcdef', 'ok'],
    // shorteners: by link only
    ['bit.ly', 'shortener-whole'],
    ['https://bit.ly/3scamXyz', 'ok'],
    ['t.cn', 'shortener-whole'],
    ['https://u.jd.com/AbCd', 'ok'], // shortener path under a trusted registrable domain
    // public suffixes
    ['com', 'public-suffix'],
    ['co.uk', 'public-suffix'],
    ['com.cn', 'public-suffix'],
    // ordinary scam entries
    ['scam-shop.example', 'ok'],
    ['http://1.2.3.4/wallet', 'ok'],
    // overrides
    ['https://www.surveymonkey.com/r/fake-prize/', 'ok (override)'],
    ['https://www.surveymonkey.com/r/other/', 'trusted'],
    ['github.io', 'shared-hosting-whole'],
  ])('%s → %s', (input, expected) => {
    expect(decide(input)).toBe(expected);
  });

  it('passes indicator keys through', () => {
    expect(guard.check('wallet:eth:0x1111111111111111111111111111111111111111').ok).toBe(true);
    expect(guard.check('phone:+8613800000000').ok).toBe(true);
  });

  it('reports overrides that no entry needed', () => {
    const g = createGuard({ overrides: new Map([['unused.example/', { key: 'unused.example', reason: 'no longer needed here' }]]) });
    g.check('scam.example/');
    expect(g.unusedOverrides()).toEqual(['unused.example/']);
  });
});
