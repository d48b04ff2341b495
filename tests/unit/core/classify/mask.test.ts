import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, getDefaultModel, textFeatures } from '../../../../src/core/classify/index.ts';
import { maskContacts, maskedTextFeatures } from '../../../../src/core/classify/mask.ts';

describe('texts are read with their contact details masked, as the text data sets were', () => {
  it('links, bare domains, e-mail addresses and phone numbers become the data sets\' placeholders', () => {
    expect(maskContacts('Call (555) 123-4567 or visit https://usps-track.top/x.')).toBe('Call <PHONE> or visit <URL>.');
    expect(maskContacts('USPS: package on hold, update at usps-redelivery.com/track today!')).toBe('USPS: package on hold, update at <URL> today!');
    expect(maskContacts('www.example.org/a?b=1, then reply')).toBe('<URL>, then reply');
    expect(maskContacts('mail me at john.doe@example.com, ok?')).toBe('mail me at <EMAIL>, ok?');
    expect(maskContacts('加微信 13812345678 领取，访问www.abc.com')).toBe('加微信 <PHONE> 领取，访问<URL>');
    expect(maskContacts('t.me/abc and wa.me/15551234567')).toBe('<URL> and <URL>');
  });

  it('dates, times, short codes and prices are not phone numbers', () => {
    expect(maskContacts('Meeting 12/05/2024 at 10:30:00, room 12')).toBe('Meeting 12/05/2024 at 10:30:00, room 12');
    expect(maskContacts('Your code is 123456. Text STOP to 80082')).toBe('Your code is 123456. Text STOP to 80082');
    expect(maskContacts('月薪 15k-30k，2020年 入职，￥3999')).toBe('月薪 15k-30k，2020年 入职，￥3999');
  });

  it('masking twice changes nothing; placeholders already there stay', () => {
    expect(maskContacts('Call <PHONE> or <URL>, mail <EMAIL>')).toBe('Call <PHONE> or <URL>, mail <EMAIL>');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const once = maskContacts(s);
        expect(maskContacts(once)).toBe(once);
      }),
    );
  });

  it('an ad with a real link and number scores exactly as its masked form (what the text head trained on)', () => {
    const model = getDefaultModel();
    const raw = 'USPS: your parcel could not be delivered. Pay the redelivery fee at https://usps-fee.top/pay or call 1-800-555-0199';
    const masked = 'USPS: your parcel could not be delivered. Pay the redelivery fee at <URL> or call <PHONE>';
    expect(maskContacts(raw)).toBe(masked);
    const a = analyze(textFeatures(raw), model, 'text');
    const b = analyze(textFeatures(masked), model, 'text');
    expect(a.scores).toEqual(b.scores);
    expect([a.verdict.level, a.verdict.category, a.verdict.score]).toEqual([b.verdict.level, b.verdict.category, b.verdict.score]);
    expect(a.verdict.level).not.toBe('none');
  });

  it('the reasons name the number the text gives, never a placeholder as a "word scammers use"', () => {
    const model = getDefaultModel();
    const v = analyze(textFeatures('Your account has been suspended. Verify your details or call 1-800-555-0199 today'), model, 'text').verdict;
    expect(v.level).toBe('warn');
    const phrases = v.reasons.filter((r) => r.signal === 'page:phrase').map((r) => (r.signal === 'page:phrase' ? r.phrase : ''));
    expect(phrases.some((p) => /phone|url/.test(p)), phrases.join(' | ')).toBe(false);
    expect(v.reasons.find((r) => r.signal === 'contact:phone')).toMatchObject({ contacts: [{ channel: 'phone' }] });
    // the stored (masked) form has no number to name
    const masked = analyze(textFeatures('Your account has been suspended. Verify your details or call <PHONE> today'), model, 'text').verdict;
    expect(masked.reasons.some((r) => r.signal === 'contact:phone')).toBe(false);
  });

  it('pages are read unmasked (the page head learned from unmasked pages)', () => {
    const model = getDefaultModel();
    const f = { ...textFeatures('联系客服 13812345678 充值 提现 抢单'), title: '任务大厅' };
    expect(maskedTextFeatures(f).text).toContain('<PHONE>');
    expect(analyze(f, model, 'page').signals.has('contact:phone')).toBe(true);
  });
});
