#!/usr/bin/env python3
"""Would caution pages that agree mark their site? (analysis; nothing shipped from it — session 25)

Reads `npm run eval -- select --heads page --dump FILE` (the pooled out-of-fold pages of the train + validation
groups only; the test groups are dropped before anything is read) and prints, per rule, the expected share of
scam / legit pages at warn with site memory over 200 seeded random visit orders per site, and the share of sites
with a page at warn. Warn: the pooled threshold at <= 0.5 % legit (as `select` prints); caution: the pooled
threshold at the legit rate given as the second argument. Rules: the shipped one (a non-money page at warn marks
its site) and "corroboration" (the K-th non-money caution page of a site, of the same type or any, marks it and is
warned). The same question as scripts/analysis/site-memory-rules.py's caution escalation (session 11), asked again
of the current page head.

    npm run eval -- select --heads page --dump /tmp/pagedump.jsonl
    python3 scripts/analysis/site-corroboration.py /tmp/pagedump.jsonl 0.05
"""
import json, random, sys, collections
rows=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rows=[r for r in rows if r['head']=='page']
legit=[r for r in rows if r['label']=='legit']
def thr(vals, rate):
    vals=sorted(vals, reverse=True)
    k=int(rate*len(vals))  # allow k items at or above
    # threshold just above the (k)th highest
    return vals[k]+1e-9 if k < len(vals) else 0
Tw=max(thr([r['score'] for r in legit],0.005),0.2)
Tc=max(thr([r['score'] for r in legit], float(sys.argv[2]) if len(sys.argv)>2 else 0.03),0.1)
print('pages',len(rows),'legit',len(legit),'Tw',round(Tw,3),'Tc',round(Tc,3))
sites=collections.defaultdict(list)
for r in rows: sites[r['site']].append(r)
def run(rule, K=2, same_type=True, iters=200, money_counts=False):
    rnd=random.Random(1)
    tot={'scam':[0,0],'legit':[0,0]}
    sitehit={'scam':[0,0],'legit':[0,0]}
    for s,ps in sites.items():
        lab='legit' if ps[0]['label']=='legit' else 'scam'
        acc=0; anyhit=0
        for it in range(iters):
            order=ps[:]; rnd.shuffle(order)
            marked=False; cautions=collections.Counter(); w=0
            for p in order:
                warn = p['score']>=Tw
                caut = p['score']>=Tc
                key = p['top'] if same_type else 'x'
                if rule=='corr' and caut and not warn:
                    if cautions[key]+1>=K: warn=True
                if marked or warn: w+=1
                nonmoney = not p.get('moneyPage')
                if warn and nonmoney and p['score']>=Tw: marked=True
                if rule=='corr' and caut and (nonmoney or money_counts):
                    cautions[key]+=1
                    if cautions[key]>=K and nonmoney: marked=True
            acc+=w
            anyhit+= (w>0)
        tot[lab][0]+=acc/iters; tot[lab][1]+=len(ps)
        sitehit[lab][0]+=anyhit/iters; sitehit[lab][1]+=1
    return {k:(round(100*v[0]/v[1],1)) for k,v in tot.items()}, {k:(round(100*v[0]/v[1],1)) for k,v in sitehit.items()}
alone=lambda lab: round(100*sum(1 for r in rows if (r['label']=='legit')==(lab=='legit') and r['score']>=Tw)/sum(1 for r in rows if (r['label']=='legit')==(lab=='legit')),1)
print('alone scam',alone('scam'),'legit',alone('legit'))
print('memory (shipped)',run('base'))
for K in (2,3):
  for st in (True,False):
    print('corr K',K,'same type' if st else 'any type',run('corr',K,st))
