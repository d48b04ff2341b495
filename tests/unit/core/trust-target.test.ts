/** What "always trust" may name (issue 15, class 3): never an IP, a public suffix or a shared-hosting platform. */
import { describe, expect, it } from 'vitest';
import { trustRefusal } from '../../../src/core/trust/target';

describe('trustRefusal', () => {
  it.each([
    ['com', 'public-suffix'],
    ['COM.', 'public-suffix'],
    ['co.uk', 'public-suffix'],
    ['com.cn', 'public-suffix'],
    ['github.io', 'public-suffix'], // a private PSL suffix: every tenant is its own site
    ['localhost', 'public-suffix'],
    ['test', 'public-suffix'],
    ['1.2.3.4', 'ip'],
    ['192.168.0.1', 'ip'],
    ['[::1]', 'ip'],
    ['[2001:db8::1]', 'ip'],
    ['aliyuncs.com', 'shared-hosting'],
    ['sites.google.com', 'shared-hosting'],
    ['docs.google.com', 'shared-hosting'],
    ['t.me', 'shared-hosting'],
    ['', 'invalid'],
  ])('refuses %s (%s)', (host, why) => {
    expect(trustRefusal(host)).toBe(why);
  });

  it.each(['taobao.com', 'www.taobao.com', 'alice.github.io', 'shop.example.co.uk', 'hostile-pay.test', 'google.com'])('allows %s', (host) => {
    expect(trustRefusal(host)).toBeNull();
  });
});
