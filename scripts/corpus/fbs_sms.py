#!/usr/bin/env python3
"""FBS Spam SMS Dataset (Zhang et al., "Lies in the Air: Characterizing Fake-base-station Spam Ecosystem in China",
CCS '20; github Cypher-Z/FBS_SMS_Dataset): real spam SMS sent by fake base stations in China, labelled by the
researchers into 14 categories, contacts anonymised (URL, CELLPHONE, NAME, PLACE, DIGIT, BANK … tokens), text
word-segmented (spaces between words). Only the four FRAUD files are staged (the AD:* advertising and IL:* illegal-
service files are spam, not scams of our taxonomy):

    for f in 'FR:Phishing(Bank)' 'FR:Phishing(Other)' 'FR:Financial' 'FR:Other'; do
      git -C /work/.mirror/Cypher-Z+FBS_SMS_Dataset/repo show 49173b12…:"$f" > SRC/"$f"; done
    python3 scripts/corpus/fbs_sms.py SRC OUT          # -> OUT/texts/fbs-sms.jsonl for `npm run corpus -- add-texts`

Labels: FR:Phishing(Bank), FR:Phishing(Other) -> phishing (bank points / account-expiry / carrier-bonus lures with a
link or a call-back number); FR:Financial -> investment (stock-tip "敢死队" groups, fund pitches); FR:Other by keyword:
航班 / 改签 / 退票 / 退款 / 理赔 -> fake-service (the flight-cancellation call-back scam), 贷款 / 征信 / 额度 ->
credit-repair, the rest -> other (TV-show prize lures, "look at this photo" links, "transfer to this account" notes).
Text: the word segmentation is undone (spaces kept only between two Latin / digit tokens), URL -> <URL>, CELLPHONE /
PHONE / HOTLINE -> <PHONE>, QQ / WECHAT kept as words, NAME / PLACE / BANK / DIGIT -> XXX (the placeholder the other
zh sets use). Lines with fewer than 4 CJK characters left (bare "BANK NAME" account notes) are not staged.
Row id: file name + line number (1-based). No licence file; the README asks users to cite the paper.
"""
import hashlib
import json
import os
import re
import sys

COMMIT = '49173b12ab0a42eb9f6ce42e401e6acaef1fbdfd'
DATASET = (f'Cypher-Z/FBS_SMS_Dataset:FR:{{Phishing(Bank),Phishing(Other),Financial,Other}}@{COMMIT} (fake-base-station '
           'spam SMS from China, fraud categories only; Zhang et al., CCS 2020)')
LICENCE = 'none-stated (research data set; the README asks to cite Zhang et al., CCS 2020)'
FILES = {
    'FR:Phishing(Bank)': 'f7185a1aacd1f46761fc27e81f4996b5b94e55dcfc9f84c38c39b4d06b8e965e',
    'FR:Phishing(Other)': 'a3e1114193c176f55be64b2c0290386375ca4de67fe4932fd34acfc622291ff8',
    'FR:Financial': 'b60abc4c3f32fc35ae429a137e7625b592b86c0ecc47fcfe6c70f32e19ad15fb',
    'FR:Other': 'dbb99d5f560f86d7f496d76a18a96b6dad7edd235faa8f5608627a0ddf7bd451',
}
CJK = re.compile(r'[\u3400-\u9fff\uf900-\ufaff]')
LATIN = re.compile(r'^[A-Za-z0-9<>]+$')
TOKENS = [(re.compile(r'URL\w*'), '<URL>'), (re.compile(r'(?:CELLPHONE|PHONE|HOTLINE)\d*'), '<PHONE>'),
          (re.compile(r'(?:NAME|PLACE|BANK|DIGIT)'), 'XXX')]
FAKE_SERVICE = re.compile(r'航班|改签|退票|退款|理赔')
CREDIT = re.compile(r'贷款|征信|额度')


def clean(line: str) -> str:
    words = []
    for w in line.split():
        for p, r in TOKENS:
            w = p.sub(r, w)
        words.append(w)
    out = ''
    for w in words:
        if out and LATIN.match(out.split(' ')[-1][-1:] or '') and LATIN.match(w[:1]) and not w.startswith('<') and not out.endswith('>'):
            out += ' '
        out += w
    return out


def label_of(name: str, text: str) -> str:
    if name.startswith('FR:Phishing'):
        return 'phishing'
    if name == 'FR:Financial':
        return 'investment'
    if FAKE_SERVICE.search(text):
        return 'fake-service'
    if CREDIT.search(text):
        return 'credit-repair'
    return 'other'


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, 'texts'), exist_ok=True)
    counts: dict = {}
    short = 0
    with open(os.path.join(out, 'texts', 'fbs-sms.jsonl'), 'w', encoding='utf-8') as f:
        for name, sha in FILES.items():
            raw = open(os.path.join(src, name), 'rb').read()
            if hashlib.sha256(raw).hexdigest() != sha:
                sys.exit(f'{name}: sha256 differs from the recorded copy')
            for n, line in enumerate(raw.decode('utf-8', errors='replace').split('\n'), start=1):
                text = clean(line)
                if len(CJK.findall(text)) < 4:
                    short += 1 if line.strip() else 0
                    continue
                label = label_of(name, text)
                counts[label] = counts.get(label, 0) + 1
                f.write(json.dumps({'id': f'fbs-sms:{name}:{n}', 'text': text, 'label': label, 'lang': 'zh', 'dataset': DATASET,
                                    'licence': LICENCE, 'sha256_source': sha}, ensure_ascii=False) + '\n')
    print(json.dumps({'staged': counts, 'fewer than 4 CJK characters': short}, sort_keys=True, ensure_ascii=False))


if __name__ == '__main__':
    main()
