#!/usr/bin/env python3
"""Mishra & Soni, "SMS Phishing Dataset for Machine Learning and Pattern Recognition" (Mendeley Data f45bkkt8pr,
CC BY 4.0): Dataset_5971.csv (columns LABEL, TEXT, URL, EMAIL, PHONE; 5,971 real messages) -> a staged text set for
`npm run corpus -- add-texts --from OUT` (OUT/texts/mendeley-smishing.jsonl, the row format ingest's readTexts reads).

    git -C /work/.mirror/Adrita202+SMS-Spam-Detector/repo show 774fde35…:data/Dataset_5971.csv > /tmp/Dataset_5971.csv
    git -C /work/.mirror/hamzaaacodes+sms-spam-collection/repo show f3e73e1e…:SMSSpamCollection > /tmp/SMSSpamCollection
    python3 scripts/corpus/mendeley_smishing.py /tmp/Dataset_5971.csv /tmp/SMSSpamCollection OUT

Copy used: Adrita202/SMS-Spam-Detector data/Dataset_5971.csv @ 774fde354c1f7d3e04a694ad7d78e529e69f33cf (sha256
below; header LABEL,TEXT,URL,EMAIL,PHONE; 5,971 rows; labels ham 4,844 / Smishing+smishing 638 / spam+Spam 489, the
counts the Mendeley page gives). Not used: HiberNuts/Sms-smishing (14 personal Indian SMS inserted at the top and the
labels of 1,951 rows shifted by one row), armando013005/ML-SPAM (one row edited), and Dataset_10191.csv (LLM-written).

UCI rows left out: the set's ham and spam (and many of its "Smishing" rows) are messages of the UCI SMS Spam Collection,
which is a data set of its own in the corpus (subsampled, validation side of the text split). A row whose text, reduced
to its letters (lower case), is a message of the full UCI collection (the hamzaaacodes/sms-spam-collection copy the
corpus's UCI set came from, sha256 UCI_SHA256) is not staged: only the messages Mishra & Soni added are. add-texts then
drops new items within 3 SimHash bits of any other set's item (leakage guard).

Row id: the row's line number in the file (header = line 1; no row spans lines), as the earlier subsample used.
Labels: ham -> legit:sms; spam -> other; Smishing -> by keyword rules on the text (the set has no finer labels):
  credential / account words (account, KYC, ATM, card, bank, verify, log in, password, suspended, locked, Apple ID,
  PayPal, BVN, Paytm …)   -> phishing
  loan / bad credit                                               -> credit-repair (loan lures; 9 rows)
  prize words (won, winner, prize, award, draw, lottery, claim, holiday, voucher, cash) -> other (premium-rate prize
  call-backs, the UCI kind of spam)
  anything else                                                   -> phishing
Masking (as the corpus's other SMS sets): e-mail addresses -> <EMAIL>, URLs and bare domains -> <URL>, phone numbers
(7+ digits, spaces / dashes / dots / brackets / a leading + allowed inside) -> <PHONE>; shortcodes (<= 6 digits) stay.
"""
import csv
import hashlib
import json
import os
import re
import sys

DATASET = ('Adrita202/SMS-Spam-Detector:data/Dataset_5971.csv@774fde354c1f7d3e04a694ad7d78e529e69f33cf (copy of Mendeley '
           '"SMS Phishing Dataset for Machine Learning and Pattern Recognition", Mishra & Soni 2022, doi:10.17632/f45bkkt8pr; '
           'label counts match the original 4844/638/489)')
LICENCE = 'CC-BY-4.0 (Mendeley Data licence; repo states none)'
SHA256 = '6581e765f5ec825d7127ce971c8d57a51be188d9db5ebce20a60a0808deabd25'
ROWS = 5971
UCI_SHA256 = 'fae7ea7d915ef73903e5c2f46ffa2f4a39909a574e20fda4f2b81f7cb1e15e1f'

TLDS = r'(?:com|net|org|info|biz|co|uk|in|io|me|ly|tk|ml|ga|cf|gq|xyz|top|club|site|online|live|app|page|link|mobi|us|ca|au|de|ru|cn|do|ng|gov|edu)'
EMAIL = re.compile(r'[\w.%+-]*[a-z][\w.%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b', re.I)
URL = re.compile(r'(?:\bhttps?:/*\s?\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.' + TLDS + r'\b(?:[/?#]\S*)?)', re.I)
PHONE = re.compile(r'(?<![\d<\x00])\+?(?:\(\d+\) ?)?\d(?:[ -]?\d)*')
DATE = re.compile(r'\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[-:.]\d{2}[-:.]\d{2}')
TRAIL = '.,;:!?)]\'"'

CRED = re.compile(r'\b(account|kyc|atm|card|bank\w*|verify|verification|log ?in|password|pin|otp|suspend\w*|lock\w*|unlock|'
                  r're-?activ\w*|de-?activ\w*|apple ?id|paypal|netflix|bvn|paytm|pyatm)\b', re.I)
LOAN = re.compile(r'\b(loans?|bad credit)\b', re.I)
PRIZE = re.compile(r'\b(won|win|winner|w1nner|w0n|prize|award\w*|lottery|draw|claim|holiday|vouchers?|cash)\b', re.I)


def mask(text: str) -> str:
    t = EMAIL.sub('<EMAIL>', text)
    def url(m: re.Match) -> str:
        s = m.group(0)
        core = s.rstrip(TRAIL)
        return '<URL>' + s[len(core):]
    t = URL.sub(url, t)

    def phone(m: re.Match) -> str:
        s = m.group(0)
        return '<PHONE>' if sum(c.isdigit() for c in s) >= 7 else s
    # dates and times are not phone numbers: protect them, mask, restore
    dates: list = []

    def hide(m: re.Match) -> str:
        dates.append(m.group(0))
        return f'\x00{len(dates) - 1}\x00'
    t = DATE.sub(hide, t)
    t = PHONE.sub(phone, t)
    t = re.sub('\x00(\\d+)\x00', lambda m: dates[int(m.group(1))], t)
    return ' '.join(t.split())


def label_of(raw: str, text: str) -> str:
    l = raw.strip().lower()
    if l == 'ham':
        return 'legit:sms'
    if l == 'spam':
        return 'other'
    if l == 'smishing':
        if CRED.search(text):
            return 'phishing'
        if LOAN.search(text):
            return 'credit-repair'
        if PRIZE.search(text):
            return 'other'
        return 'phishing'
    raise ValueError(f'unknown label {raw!r}')


def main() -> None:
    src, uci, out = sys.argv[1], sys.argv[2], sys.argv[3]
    uraw = open(uci, 'rb').read()
    if hashlib.sha256(uraw).hexdigest() != UCI_SHA256:
        sys.exit(f'{uci}: not the recorded UCI copy')
    letters = lambda t: re.sub(r'[^a-z]', '', t.lower())  # noqa: E731
    uci_texts = {letters(l.split('\t', 1)[1]) for l in uraw.decode('utf-8', errors='replace').split('\n')[1:] if '\t' in l}
    raw = open(src, 'rb').read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        sys.exit(f'{src}: sha256 {digest} is not the recorded copy ({SHA256})')
    lines = raw.decode('utf-8', errors='replace').split('\n')
    rows = list(csv.reader(lines))
    header, body = rows[0], [r for r in rows[1:] if r]
    if header != ['LABEL', 'TEXT', 'URL', 'EMAIL', 'PHONE'] or len(body) != ROWS:
        sys.exit(f'unexpected header {header} or row count {len(body)}')
    os.makedirs(os.path.join(out, 'texts'), exist_ok=True)
    counts: dict = {}
    skipped: dict = {}
    with open(os.path.join(out, 'texts', 'mendeley-smishing.jsonl'), 'w', encoding='utf-8') as f:
        for i, r in enumerate(body):
            line = i + 2  # one row per line (checked: len(lines) == rows + 2 with the trailing newline)
            label = label_of(r[0], r[1])
            if letters(r[1]) in uci_texts:
                skipped[label] = skipped.get(label, 0) + 1
                continue
            counts[label] = counts.get(label, 0) + 1
            f.write(json.dumps({'id': f'mendeley-smishing:{line}', 'text': mask(r[1]), 'label': label, 'lang': 'en',
                                'dataset': DATASET, 'licence': LICENCE, 'sha256_source': SHA256}, ensure_ascii=False) + '\n')
    assert len(lines) == ROWS + 2, len(lines)
    print(json.dumps({'staged': counts, 'UCI messages left out': skipped}, sort_keys=True))


if __name__ == '__main__':
    main()
