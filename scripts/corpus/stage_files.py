#!/usr/bin/env python3
"""Stage files of a fetched repository snapshot for `npm run corpus -- add-pages --from DIR` (or `ingest`).

    python3 scripts/corpus/stage_files.py --git GITDIR --repo owner/name --commit SHA --licence MIT \
        --label legit:shop --lang zh-Hans --kind template --out DIR [--side legit] PATH [PATH ...]
    (a PATH ending in `=lang-table` is staged as the repository's language table)

Reads each PATH at COMMIT with `git show` (nothing is checked out, nothing is run), writes the bytes to
DIR/<side>/files/<owner+name>/<path> and appends one manifest row per file to DIR/<side>/manifest.jsonl with
repository, path, commit, licence, label, language, kind and the sha256 of the bytes. The staging area stays outside
git: the corpus keeps only the extracted features and this provenance.
"""
import argparse, hashlib, json, os, re, subprocess, sys

ap = argparse.ArgumentParser()
for a in ('--git', '--repo', '--commit', '--licence', '--label', '--lang', '--out'):
    ap.add_argument(a, required=True)
ap.add_argument('--kind', default='template', choices=['template', 'page', 'lang-table'])
ap.add_argument('--side', default=None, help='scam or legit (default: from the label)')
ap.add_argument('--note', default='')
ap.add_argument('paths', nargs='+')
args = ap.parse_args()

if not re.fullmatch(r'[0-9a-f]{40}', args.commit):
    sys.exit('--commit must be a full 40-hex commit')
side = args.side or ('legit' if args.label.startswith('legit') else 'scam')
base = os.path.join(args.out, side)
os.makedirs(base, exist_ok=True)
owner_name = args.repo.replace('/', '+')
short = args.repo.split('/')[-1].lower()
rows = []
for spec in args.paths:
    path, _, kind = spec.partition('=')
    kind = kind or args.kind
    data = subprocess.run(['git', '--git-dir', args.git, 'show', f'{args.commit}:{path}'], capture_output=True, check=True).stdout
    rel = os.path.join('files', owner_name, path)
    os.makedirs(os.path.dirname(os.path.join(base, rel)), exist_ok=True)
    with open(os.path.join(base, rel), 'wb') as f:
        f.write(data)
    slug = re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')
    rows.append({'id': f'{short}-{slug}', 'file': rel, 'sha256': hashlib.sha256(data).hexdigest(), 'kind': kind, 'label': args.label,
                 'lang': args.lang, 'repo': args.repo, 'path': path, 'commit': args.commit, 'licence': args.licence,
                 **({'note': args.note} if args.note else {})})
with open(os.path.join(base, 'manifest.jsonl'), 'a', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(f'staged {len(rows)} file(s) of {args.repo}@{args.commit[:8]} in {base}')
