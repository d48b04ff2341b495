#!/usr/bin/env python3
"""Other learners on the page head's vectors, same grouped 5-fold (scikit-learn; not a dependency of the project).

    node --import tsx scripts/analysis/export-page-vectors.ts /tmp/page-vectors.jsonl
    python3 scripts/analysis/page-head-learners.py /tmp/page-vectors.jsonl lr svm rf et hgb

Binary scam-vs-legit on binary gram features (kept as the pipeline keeps them: in >= 3 training items from >= 3
groups, top 4,000 by chi2 per fold) + the structural features; examples weighed 1/group size, classes balanced.
Prints, over the pooled held-out pages and templates, the AUC and the recall at ONE threshold where the held-out legit
pages stay <= 0.25 / 0.5 / 1 / 2 / 5 %. This is not the shipped scorer (no softmax over types, no impersonation cap,
no empty-page prior): compare the learners with each other here, and the pipeline with `npm run eval -- select`.
Session 17: the pipeline's held-out scores on the same folds (`select --dump`) have AUC 0.920; here LR 0.889,
trees 0.876-0.881 (random forest, extra trees, histogram gradient boosting): none better than LR.
"""
import json, sys, numpy as np, collections, time
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier, ExtraTreesClassifier
from sklearn.svm import LinearSVC
from sklearn.feature_selection import chi2
rows=[json.loads(l) for l in open(sys.argv[1])]
y=np.array([0 if r['label']=='legit' else 1 for r in rows]); fold=np.array([r['fold'] for r in rows]); grp=[r['group'] for r in rows]
measured=np.array([r['kind'] in ('page','template') and r['fold']>=0 for r in rows])
print('items',len(rows),'measured scam',int((measured&(y==1)).sum()),'legit',int((measured&(y==0)).sum()))
def build(train_idx):
    df=collections.Counter(); gg=collections.defaultdict(set)
    for i in train_idx:
        for g in set(rows[i]['grams']): df[g]+=1; gg[g].add(grp[i])
    vocab=[g for g,c in df.items() if c>=3 and len(gg[g])>=3]
    st=sorted({k for i in range(len(rows)) for k in rows[i]['structural']})
    return vocab, st
def matrix(vocab, st):
    vi={g:j for j,g in enumerate(vocab)}; si={k:len(vocab)+j for j,k in enumerate(st)}
    r_,c_,v_=[],[],[]
    for i,r in enumerate(rows):
        for g in set(r['grams']):
            j=vi.get(g)
            if j is not None: r_.append(i); c_.append(j); v_.append(1.0)
        for k,v in r['structural'].items():
            if k in si: r_.append(i); c_.append(si[k]); v_.append(float(v))
    return sparse.csr_matrix((v_,(r_,c_)),shape=(len(rows),len(vocab)+len(st)))
def weights(idx):
    gs=collections.Counter(grp[i] for i in idx); w=np.array([1.0/gs[grp[i]] for i in idx])
    for c in (0,1):
        m=y[idx]==c; w[m]*= len(idx)/2/ w[m].sum()
    return w
def run(name, make, topk=4000, dense=False):
    t=time.time(); scores=np.full(len(rows),np.nan)
    for f in range(5):
        tr=np.where((fold!=f))[0]; te=np.where((fold==f)&measured)[0]
        vocab,st=build(tr); X=matrix(vocab,st)
        if topk and X.shape[1]>topk:
            ch,_=chi2(X[tr][:, :len(vocab)] , y[tr]); ch=np.nan_to_num(ch)
            keep=np.argsort(-ch)[:topk-len(st)]; keep=np.concatenate([np.sort(keep), np.arange(len(vocab),X.shape[1])]); X=X[:,keep]
        Xtr,Xte=X[tr],X[te]
        if dense: Xtr,Xte=Xtr.toarray(),Xte.toarray()
        m=make(); 
        try: m.fit(Xtr,y[tr],sample_weight=weights(tr))
        except TypeError: m.fit(Xtr,y[tr])
        s=m.predict_proba(Xte)[:,1] if hasattr(m,'predict_proba') else m.decision_function(Xte)
        scores[te]=s
    m=measured; sc=scores[m]; yy=y[m]; legit=np.sort(sc[yy==0])[::-1]; n=len(legit)
    out=[]
    for fp in (0.0025,0.005,0.01,0.02,0.05):
        k=int(np.floor(fp*n)); thr=legit[k] if k<n else -np.inf  # warn if score > thr (k legit above)
        rec=(sc[yy==1]>thr).mean(); out.append(f'{fp*100:.2g}%:{rec*100:.1f}')
    from sklearn.metrics import roc_auc_score
    print(f'{name:40s} auc {roc_auc_score(yy,sc):.3f} | '+'  '.join(out)+f'  ({time.time()-t:.0f}s)', flush=True)
    return scores
which=sys.argv[2:] or ['lr']
for w in which:
    if w=='lr': run('LR C=1', lambda: LogisticRegression(C=1.0,max_iter=3000))
    if w=='lr10': run('LR C=10', lambda: LogisticRegression(C=10.0,max_iter=3000))
    if w=='lr01': run('LR C=0.1', lambda: LogisticRegression(C=0.1,max_iter=3000))
    if w=='svm': run('LinearSVC', lambda: LinearSVC(C=0.1))
    if w=='hgb': run('HistGB', lambda: HistGradientBoostingClassifier(max_iter=300,learning_rate=0.05,max_leaf_nodes=15,l2_regularization=1.0,random_state=0), topk=2000, dense=True)
    if w=='rf': run('RandomForest 500', lambda: RandomForestClassifier(n_estimators=500,min_samples_leaf=1,max_features='sqrt',n_jobs=2,random_state=0))
    if w=='et': run('ExtraTrees 500', lambda: ExtraTreesClassifier(n_estimators=500,max_features='sqrt',n_jobs=2,random_state=0))
    if w=='lrall': run('LR C=1 all grams', lambda: LogisticRegression(C=1.0,max_iter=3000), topk=0)
