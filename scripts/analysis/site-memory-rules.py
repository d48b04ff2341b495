#!/usr/bin/env python3
"""Which pages should mark their site in site memory? (analysis for src/core/verdict/site-memory.ts)

Reads the page predictions of `npm run eval -- detection --dump FILE` (held-out k-fold and test-split predictions)
and the corpus features, and prints the expected share of scam / legit pages at warn with site memory under
several marking rules. Decide on `kfold-nontest` (k-fold predictions of the train + validation groups only); the
test split is printed for reading once afterwards.

    npm run eval -- detection --dump /tmp/preds.json
    python3 scripts/analysis/site-memory-rules.py /tmp/preds.json

A site: a scam platform's repository, a legit app's templates / language tables, else the page's registrable
domain (last two labels here: an approximation of the eval's own siteOf) or the page alone; phishing pages and kit
collections are each their own site (as in tests/eval/lib/detection.ts). Expected pages warned for a site of n
pages, k at warn of which m mark the site, random visit order: k + (n - k) * m / (m + 1). Caution escalation (a
site's Nth caution page of the same type marks it) is simulated over 300 seeded random orders.
"""
import collections, gzip, json, random, re, sys
from urllib.parse import urlparse

preds = json.load(open(sys.argv[1]))
feat = {}
for line in gzip.open('corpus/pages.jsonl.gz', 'rt'):
    it = json.loads(line)
    feat[it['id']] = it['features']
COLL = {'Mushi-mushi/malwares', 'JoulioK/Phishing_Kits', 'neoroles/Phishkits', 'packetrat/phishing-kits-I-found', 'peloy20/ProjectScampage'}
PAY_FIELDS = {'card-number', 'card-cvv', 'card-expiry', 'bank-account', 'sms-code', 'amount', 'id-number'}
# src/core/classify/payment-step.ts: MONEY_STEM (any money word) and PAYMENT_STEP_WORDS (words that commit a payment)
STEM = re.compile(r'支付|付款|充值|提现|转账|汇款|下单|退款|理赔|缴费|投资|儲值|提現|轉帳|匯款|繳費|投資|理賠|pay|deposit|top[\s-]?up|recharge|withdraw|checkout|order|transfer|refund|invest', re.I)
COMMIT = ['我已付款', '我已转账', '已转账', '已付款', '已汇款', '确认转账', '立即转账', '去转账', '确认充值', '确认提现', '确认支付', '提交付款', '确认下单',
          '立即下单', '确认退款', '提交退款', '立即退款', '确认理赔', '领取退款', 'i have paid', "i've paid", 'i have transferred', 'transfer now',
          'confirm transfer', 'submit payment', 'make payment', 'complete payment', 'confirm order', 'confirm refund', 'submit refund', 'verify card', 'send payment']


def site(p):
    if p['label'] not in ('legit', 'phishing') and p['group'] not in COLL:
        return 'repo:' + p['group']
    if p['label'] == 'legit' and p['kind'] in ('template', 'lang-table'):
        return 'repo:' + p['group']
    if p.get('url'):
        return 'host:' + '.'.join((urlparse(p['url']).hostname or '').split('.')[-2:])
    return 'item:' + p['group'] + ':' + p['id']


def pay_field(p):
    return any(x['kind'] in PAY_FIELDS for x in feat[p['id']].get('fields', []))


def commit_button(p):
    return any(any(w in b.lower() for w in COMMIT) or re.search(r'\bpay', b.lower()) for b in feat[p['id']].get('buttons', []))


def stem_button(p):
    return any(STEM.search(b) for b in feat[p['id']].get('buttons', []))


WARN = ('warn', 'block')
RULES = {
    'every warn page marks (session 10)': lambda p: True,
    'not a page with a payment field': lambda p: not pay_field(p),
    'not a payment field nor any money-word button': lambda p: not (pay_field(p) or stem_button(p)),
    'not a payment field nor a commit button (shipped)': lambda p: not (pay_field(p) or commit_button(p)),
    'score >= 0.995': lambda p: p['score'] >= 0.995,
}


def expected(P, marks):
    sites = collections.defaultdict(lambda: [0, 0, 0, False])
    for p in P:
        s = sites[site(p)]
        s[0] += 1
        s[3] = p['label'] != 'legit'
        if p['level'] in WARN:
            s[1] += 1
            s[2] += 1 if marks(p) else 0
    out = {True: [0, 0.0], False: [0, 0.0]}
    for n, k, m, scam in sites.values():
        out[scam][0] += n
        out[scam][1] += k + (n - k) * (m / (m + 1))
    return out


def escalation(P, need, marks, perms=300):
    sites = collections.defaultdict(list)
    for p in P:
        sites[site(p)].append(p)
    rnd = random.Random(1)
    out = {True: [0, 0.0], False: [0, 0.0]}
    for ps in sites.values():
        acc = 0
        for _ in range(perms):
            order = ps[:]
            rnd.shuffle(order)
            marked, cautions, warned = False, collections.Counter(), 0
            for p in order:
                w = p['level'] in WARN
                escalates = False
                if p['level'] == 'caution' and marks(p):
                    cautions[p['category']] += 1
                    escalates = cautions[p['category']] >= need
                if w or marked or escalates:
                    warned += 1
                if (w and marks(p)) or escalates:
                    marked = True
            acc += warned
        scam = ps[0]['label'] != 'legit'
        out[scam][0] += len(ps)
        out[scam][1] += acc / perms
    return out


test_groups = {p['group'] for p in preds['test']}
sets = {'kfold-nontest': [p for p in preds['kfold'] if p['group'] not in test_groups], 'test': preds['test']}
for name, P in sets.items():
    alone = expected(P, lambda p: False)
    print(f"## {name}: pages at warn alone — scam {alone[True][1] / alone[True][0]:.1%}, legit {alone[False][1] / alone[False][0]:.2%}")
    for rule, marks in RULES.items():
        o = expected(P, marks)
        print(f"  {rule:52} scam {o[True][1] / o[True][0]:.1%}  legit {o[False][1] / o[False][0]:.2%}")
    shipped = RULES['not a payment field nor a commit button (shipped)']
    for need in (2, 3):
        o = escalation(P, need, shipped)
        print(f"  {'+ caution escalation: %d caution pages, same type' % need:52} scam {o[True][1] / o[True][0]:.1%}  legit {o[False][1] / o[False][0]:.2%}")
