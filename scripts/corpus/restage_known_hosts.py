#!/usr/bin/env python3
"""Re-stage the saved log-in / checkout pages of two legit data sets with the address each was saved from, where
the data set itself says it and the page confirms it (for `npm run corpus -- add-pages --from DIR --replace`).

    python3 scripts/corpus/restage_known_hosts.py --fathom-git GITDIR --ddg-git GITDIR --out DIR [--no-urls]

Why: a page without a recorded address is scored without a host (detection.md, "Hosts"), so a brand's own saved
log-in page looks like a phishing kit of unknown address — in the browser it never does: it is on the brand's
domain. The corpus keeps an address only for legit pages whose address is known; these two sets name theirs:
- 1rneh/fathom-login-forms, new-password/samples: `{LANG}_{N}{a|b…}{n}{_change}.html`, where N is the domain's row
  of tranco_100k_alexa_100k_union_shuffled_2019-12-14.csv (samples/rubric.md, "Sample Naming"; the file is read at
  commit ea07dd7, where the fetched snapshot has it). Collectors counted either the "shuffled #" column or the file's
  line number (one more, for the header), so both rows are tried.
- duckduckgo/duckduckgo-autofill, test-forms: `{host with dots as underscores}_{login|signup|checkout…}.html` for
  some forms (`accounts_paytm_com_login.html`); most names are a brand only (`amazon_login.html`) and stay host-less.
An address is taken only if the page confirms it: one of the hosts its links point to is that domain or under it.
The host is the one a form of the page posts to when that is under the domain (the sign-up page of acdsee.com is on
acdid.acdsee.com), else the domain; the path is not known. Everything else is staged as before, without an address.
Every item keeps its id, label, language, repository, path and commit; the bytes are read with `git show` at the
recorded commit and must match the recorded sha256. `--no-urls` stages the same files with only the addresses recorded before (with
it, add-pages must give back the corpus byte for byte: a check that the re-staging itself changes nothing else).
"""
import argparse, gzip, hashlib, json, os, re, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument('--corpus', default='corpus/pages.jsonl.gz')
ap.add_argument('--fathom-git', required=True)
ap.add_argument('--ddg-git', required=True)
ap.add_argument('--out', required=True)
ap.add_argument('--no-urls', action='store_true')
args = ap.parse_args()

FATHOM, DDG = '1rneh/fathom-login-forms', 'duckduckgo/duckduckgo-autofill'
CSV_COMMIT = 'ea07dd71999ff1fa3e3abca65d1ea7c5047501cd'
CSV_PATH = 'new-password/samples/tranco_100k_alexa_100k_union_shuffled_2019-12-14.csv'


def git_show(git, commit, path):
    return subprocess.run(['git', '--git-dir', git, 'show', f'{commit}:{path}'], capture_output=True, check=True).stdout


rows_by_number = {}
for line in git_show(args.fathom_git, CSV_COMMIT, CSV_PATH).decode('utf-8').splitlines()[1:]:
    cells = line.split('\t')
    if len(cells) >= 3 and cells[0].isdigit():
        rows_by_number[int(cells[0])] = cells[2].strip().lower()


def confirmed(domain, hosts):
    return any(h == domain or h.endswith('.' + domain) for h in hosts)


def form_hosts(html):
    """Hosts the page's forms post to (absolute actions only): a legit log-in form posts to its own site."""
    return [h.lower() for h in re.findall(r'<form\b[^>]*\baction\s*=\s*["\']?https?://([a-zA-Z0-9.-]+)', html)]


def fathom_url(path, hosts, html):
    m = re.fullmatch(r'[A-Z]{2}_(\d+)[a-z]?n?(?:_change)?\.html', os.path.basename(path))
    if not m or '/new-password/samples/' not in '/' + path:
        return None, 'name without a row'
    n = int(m.group(1))
    for row in (n, n - 1):  # the "shuffled #" column, or the file's line number (header = line 1)
        d = rows_by_number.get(row)
        if d and confirmed(d, hosts):
            # the page's own host, when a form of it posts under that domain (acdid.acdsee.com, not acdsee.com)
            own = [h for h in form_hosts(html) if h == d or h.endswith('.' + d)]
            return (f'https://{own[0]}/', f'row {row}, form host') if own else (f'https://{d}/', f'row {row}')
    return None, f'rows {n}/{n - 1} ({rows_by_number.get(n)}, {rows_by_number.get(n - 1)}) not among its link hosts'


# a parent like `com.au` is a public suffix, not the site's domain
SECOND_LEVEL = {'com', 'co', 'net', 'org', 'edu', 'gov', 'ac', 'or', 'ne', 'go'}


def ddg_url(path, hosts, html):
    tokens = os.path.basename(path)[: -len('.html')].split('_')
    for k in range(len(tokens) - 1, 1, -1):  # the longest host-like prefix the page's links confirm
        host = '.'.join(tokens[:k])
        if re.fullmatch(r'[a-z0-9-]+(\.[a-z0-9-]+)+', host) and confirmed(host, hosts):
            return f'https://{host}/', 'name'
        # the name may carry a subdomain the links do not use (accounts.paytm.com: links to pages.paytm.com)
        parent = '.'.join(tokens[1:k])
        if k >= 3 and tokens[1] not in SECOND_LEVEL and re.fullmatch(r'[a-z0-9-]+(\.[a-z0-9-]+)+', parent) and confirmed(parent, hosts):
            return f'https://{host}/', 'name (its domain confirmed)'
    return None, 'no host in its name confirmed by its links'


items = [json.loads(l) for l in gzip.open(args.corpus, 'rt', encoding='utf-8')]
out_rows, report = [], []
for it in items:
    repo = it['source']['repo']
    if repo not in (FATHOM, DDG):
        continue
    git = args.fathom_git if repo == FATHOM else args.ddg_git
    data = git_show(git, it['source']['commit'], it['source']['path'])
    if hashlib.sha256(data).hexdigest() != it['sha256']:
        sys.exit(f'sha256 mismatch for {it["id"]}')
    rel = os.path.join('files', repo.replace('/', '+'), it['source']['path'])
    dest = os.path.join(args.out, 'legit', rel)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, 'wb') as f:
        f.write(data)
    url, why = it.get('url'), 'recorded before'
    if url is None and not args.no_urls:
        hosts = [h.lower() for h in it['features']['links']['hosts']]
        html = data.decode('utf-8', errors='replace')
        url, why = (fathom_url if repo == FATHOM else ddg_url)(it['source']['path'], hosts, html)
    row = {'id': it['id'], 'file': rel, 'sha256': it['sha256'], 'kind': it['kind'], 'label': it['detail'], 'lang': it['lang'],
           'repo': repo, 'path': it['source']['path'], 'commit': it['source']['commit'], 'licence': it['licence']}
    if url:
        row['url'] = url
    out_rows.append(row)
    report.append(f'{it["id"]}\t{url or "-"}\t{why}')

os.makedirs(os.path.join(args.out, 'legit'), exist_ok=True)
with open(os.path.join(args.out, 'legit', 'manifest.jsonl'), 'w', encoding='utf-8') as f:
    for r in out_rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print('\n'.join(report))
print(f'{len(out_rows)} staged; with an address: {sum(1 for r in out_rows if "url" in r)}', file=sys.stderr)
