#!/usr/bin/env python3
"""Would the text head, read over a page's text, add to the page head? (analysis; nothing shipped from it)

    npm run eval -- detection --dump /tmp/preds.json
    python3 scripts/analysis/text-head-on-pages.py /tmp/preds.json

Decided on the k-fold predictions of the train + validation groups (`kfold-nontest`): the best pair of one pooled
page threshold and one text threshold with the pooled legit pages at warn <= 0.5 %, against the page threshold
alone at the same rate. The test split is printed afterwards at the shipped page verdicts plus the chosen text
threshold.
"""
import json, sys

d = json.load(open(sys.argv[1]))
test_groups = {p['group'] for p in d['test']}
K = [p for p in d['kfold'] if p['group'] not in test_groups]


def rates(P, hit):
    scam = [p for p in P if p['label'] != 'legit']
    legit = [p for p in P if p['label'] == 'legit']
    return sum(map(hit, scam)) / len(scam), sum(map(hit, legit)) / len(legit)


legit_page = sorted({p['score'] for p in K if p['label'] == 'legit'}, reverse=True)[:40] + [1.01]
legit_text = sorted({p.get('textScore', 0) for p in K if p['label'] == 'legit'}, reverse=True)[:60] + [1.01]
best_page, best_both = None, None
for tp in legit_page:
    r, fp = rates(K, lambda p: p['score'] > tp)
    if fp <= 0.005 and (best_page is None or r > best_page[0]):
        best_page = (r, fp, tp)
    for tt in legit_text:
        r, fp = rates(K, lambda p: p['score'] > tp or p.get('textScore', 0) > tt)
        if fp <= 0.005 and (best_both is None or r > best_both[0]):
            best_both = (r, fp, tp, tt)
print(f"kfold-nontest, one pooled threshold, legit <= 0.5 %: page head alone {best_page[0]:.1%} (legit {best_page[1]:.2%}, page > {best_page[2]:.3f})")
print(f"  page OR text head over the page text: {best_both[0]:.1%} (legit {best_both[1]:.2%}, page > {best_both[2]:.3f}, text > {best_both[3]:.3f})")
tt = best_both[3]
r0, f0 = rates(d['test'], lambda p: p['level'] in ('warn', 'block'))
r1, f1 = rates(d['test'], lambda p: p['level'] in ('warn', 'block') or p.get('textScore', 0) > tt)
print(f"test split (shipped page verdicts): {r0:.1%} at legit {f0:.2%} -> with text > {tt:.3f}: {r1:.1%} at legit {f1:.2%}")
