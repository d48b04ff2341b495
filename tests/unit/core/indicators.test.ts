import { describe, expect, it } from 'vitest';
import { indicatorKeys, verdictFromIndicators } from '../../../src/core/indicators';
import { buildTable, lookupKey } from '../../../src/core/lists';
import { describeSignal } from '../../../src/core/signals.ts';

describe('indicators', () => {
  it('turns wallets and handles in page text into list keys', () => {
    const keys = indicatorKeys('USDT(TRC20) 充值地址 TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE，ETH 0xAbCdEf0123456789abcdef0123456789ABCDEF01，客服飞机 @vip_kefu88');
    expect(keys).toContain('wallet:trx:TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE');
    expect(keys).toContain('wallet:eth:0xabcdef0123456789abcdef0123456789abcdef01');
    expect(keys).toContain('im:telegram:vip_kefu88');
  });

  it('a listed wallet raises the page to warn with the evidence', async () => {
    const table = await buildTable([{ key: 'wallet:trx:TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', category: 'task-rebate', severity: 'high' }], { listId: 'main', version: 7 });
    const keys = indicatorKeys('请转账到 TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE');
    const hits = keys.filter((k) => lookupKey(table, k)).map((key) => ({ key, category: 'task-rebate' as const, listId: 'main', listVersion: 7 }));
    const [v] = verdictFromIndicators(hits);
    expect(v).toMatchObject({ level: 'warn', category: 'task-rebate' });
    expect(v?.reasons[0]).toEqual({ signal: 'list:indicator-wallet', indicator: 'wallet', value: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', category: 'task-rebate' });
    expect(v && describeSignal(v.reasons[0]!)).toBe('this payment address (TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE) was reported in task-rebate scams');
    expect(indicatorKeys('no indicators here')).toEqual([]);
  });
});
