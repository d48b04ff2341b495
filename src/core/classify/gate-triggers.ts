/**
 * Cheap trigger words for the content-script gate (src/dom/gate.ts): if none of these appear in the title or the
 * first few hundred text nodes, and no sensitive field exists, the page is not extracted at all. Deliberately broad
 * (a trigger costs one extraction, a miss costs a scam): money movement, the scam types' core words, zh + en.
 * Plain data; kept out of model.json so the content script does not pull the whole model.
 */
export const GATE_TRIGGERS: readonly string[] = [
  '充值', '提现', '储值', '入金', '出金', '佣金', '返利', '刷单', '抢单', '兼职', '日结', '垫付', '任务',
  '投资', '理财', '收益', 'usdt', '导师', '带单', '转账', '汇款', '收款', '付款', '支付', '折', '清仓', '代购',
  '退款', '理赔', '客服', '赔偿', '扣费', '会员', '征信', '逾期', '校园贷', '贷款', '验证码', '中奖', '领取',
  '账户', '冻结', '异常', '登录', '银行', '卡号', '身份证',
  'deposit', 'withdraw', 'recharge', 'top up', 'commission', 'task', 'invest', 'profit', 'return', 'crypto', 'bitcoin',
  'wallet', 'pay', 'checkout', 'order', 'refund', 'claim', 'subscription', 'credit', 'loan', 'verify', 'account',
  'password', 'sign in', 'login', 'prize', 'won', 'telegram', 'whatsapp', 'bank', 'card',
];
