#!/usr/bin/env python3
"""SmishX re-labelled SMS set (Wang, Zhai, Wang, Hao, Cohen, Foulger, Handler & Wang, "Can You Walk Me Through It?
Explainable SMS-Phishing Detection Using LLM-Based Agents", SOUPS 2025; repository yizhu-joy/SmishX, MIT licence):
data/dataset.csv (columns SMS, label, if_URL, if_phone, if_email; 1,200 real messages the authors re-labelled by hand:
legitimate 622 / spam 319 / smishing 259) -> a staged text set for `npm run corpus -- add-texts --from OUT`
(OUT/texts/smishx.jsonl, the row format ingest's readTexts reads).

    git --git-dir=/work/.mirror/yizhu-joy+SmishX/repo show 116a8c82…:data/dataset.csv > /tmp/smishx.csv
    git --git-dir=/work/.mirror/hamzaaacodes+sms-spam-collection/repo show f3e73e1e…:SMSSpamCollection > /tmp/SMSSpamCollection
    python3 scripts/corpus/smishx.py /tmp/smishx.csv /tmp/SMSSpamCollection OUT [--with-spam]

What the file is (read, not stated by the repository beyond "manually re-labeled dataset"): a mix of messages of the
UCI SMS Spam Collection, gateway-observed smishing of the NCSU "SMS phishing" release (tx.vc / qi.lv links, TD Bank
"Access-Locked" runs), crowd-reported smishing, and modern A2P messages (OTP codes, Amazon / Walmart delivery notes, bank
alerts, Indian telecom notices). Messages are LLM-free (the LLM is the detector under study, not the data source).

UCI rows left out, as in mendeley_smishing.py: a row whose text reduced to its letters is a message of the full UCI
collection (its own data set in the corpus) is not staged. add-texts then drops new items within 3 SimHash bits of any
other set's item (leakage guard: SmishTank and Mendeley overlap).

Row id: the record's 1-based index among the data rows (records span lines: the SMS field holds newlines).
Labels: legitimate -> legit:sms; spam -> other (casino / slots / shop promotions; staged only with --with-spam: promotions
are not scams of the taxonomy, as fbs_sms.py leaves the FBS AD:* files out); smishing -> keyword rules on the
text (the set has no finer labels), in this order:
  credential / account words (the mendeley_smishing.py CRED list)   -> phishing
  loan / bad credit                                                 -> credit-repair
  job / task lures (job, hiring, recruit, part-time, work from home, remote work, purchasing agent, daily pay,
  salary, earn $ per day / hour)                                    -> task-rebate
  investing / crypto / trading / USDT / forex / stock tips          -> investment
  prize words (the mendeley_smishing.py PRIZE list)                 -> other
  anything else                                                     -> phishing
Masking: the mendeley_smishing.py mask (e-mail -> <EMAIL>, URLs / bare domains -> <URL>, 7+ digit numbers -> <PHONE>),
plus Cloudflare's "[email protected]" -> <EMAIL>, and the recipient's name after a greeting ("Hi Jane Doe," /
"Hi jane here's" -> "Hi XXX"; Customer / User / Sir / friend … kept) and
a payee in capitals before via / on / for ("to JANE DOE via" -> "to XXX via"). CJK rows whose characters were lost before
the release ("?" in their place; 17 rows, casino spam) are left out. Mojibake (UTF-8 read as Latin-1 / cp1252) is undone when the round trip
decodes cleanly.
"""
import csv
import hashlib
import io
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mendeley_smishing import CRED, LOAN, PRIZE, UCI_SHA256, mask  # noqa: E402

DATASET = ('yizhu-joy/SmishX:data/dataset.csv@116a8c827741e0572563f678d25ed04306b1e3ff (SmishX re-labelled SMS, '
           'Wang et al., SOUPS 2025)')
LICENCE = 'MIT (repo LICENSE)'
SHA256 = '8d65e373b17477c34e8f1c619e6f59d249e8fca21276cabdd03a55d11a469285'
ROWS = 1200

JOB = re.compile(r'\b(jobs?|hiring|recruit\w*|part[- ]?time|work(?:ing)? (?:from home|remotely)|remote (?:work|job)|'
                 r'purchasing agent|daily pay|salary|per (?:day|hour)|/day|/hr)\b', re.I)
INVEST = re.compile(r'\b(invest\w*|crypto\w*|bitcoin|btc|usdt|trading|trader|forex|stocks?|shares|profit)\b', re.I)
CF_EMAIL = re.compile(r'\[email\s*protected\]', re.I)
KEEP = {'customer', 'customers', 'user', 'users', 'subscriber', 'sir', 'madam', 'member', 'members', 'valued', 'client',
        'friend', 'friends', 'all', 'there', 'team', 'guys', 'everyone', 'mr', 'mrs', 'ms', 'cardholder', 'patient',
        'dear', 'o', 'u', 'ur', 'again', 'sweetie', 'babe', 'darling', 'love', 'bro', 'buddy', 'mate', 'beautiful'}
PAYEE = re.compile(r'\b(to|from|by)\s+[A-Z]{2,}(?:\s+[A-Z]{2,}){1,2}(?=\s+(?:via|on|for|using)\b)')
DAMAGED = re.compile(r'[\u4e00-\u9fff]\s?\?|\?\s?[\u4e00-\u9fff]|\ufffd')
NAME = re.compile(r"\b(Hi|Hello|Dear|Hey)\s+([A-Za-z]+(?:\s+[A-Za-z]+)?)"
                  r"(?=\s*[,.!:]|\s+(?:here'?s|tonight|today|your|you|we|the|this|thank|thanks|please)\b)")


def unmojibake(t: str) -> str:
    for enc in ('latin-1', 'cp1252'):
        try:
            fixed = t.encode(enc).decode('utf-8')
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != t:
            return fixed
    return t


def mask_name(m: re.Match) -> str:
    words = m.group(2).split()
    if words[0].lower() in KEEP:
        return m.group(0)
    return f'{m.group(1)} XXX'


def clean(t: str) -> str:
    t = unmojibake(t).replace('\u00a0', ' ')
    t = CF_EMAIL.sub('<EMAIL>', t)
    t = NAME.sub(mask_name, t)
    t = PAYEE.sub(lambda m: f'{m.group(1)} XXX', t)
    return mask(t)


def label_of(raw: str, text: str) -> str:
    l = raw.strip().lower()
    if l == 'legitimate':
        return 'legit:sms'
    if l == 'spam':
        return 'other'
    if l == 'smishing':
        if CRED.search(text):
            return 'phishing'
        if LOAN.search(text):
            return 'credit-repair'
        if JOB.search(text):
            return 'task-rebate'
        if INVEST.search(text):
            return 'investment'
        if PRIZE.search(text):
            return 'other'
        return 'phishing'
    raise ValueError(f'unknown label {raw!r}')


def lang_of(text: str) -> str:
    return 'zh' if len(re.findall(r'[\u4e00-\u9fff]', text)) >= 4 else 'en'


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    with_spam = '--with-spam' in sys.argv
    src, uci, out = args[0], args[1], args[2]
    uraw = open(uci, 'rb').read()
    if hashlib.sha256(uraw).hexdigest() != UCI_SHA256:
        sys.exit(f'{uci}: not the recorded UCI copy')
    letters = lambda t: re.sub(r'[^a-z]', '', t.lower())  # noqa: E731
    uci_texts = {letters(l.split('\t', 1)[1]) for l in uraw.decode('utf-8', errors='replace').split('\n')[1:] if '\t' in l}
    raw = open(src, 'rb').read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        sys.exit(f'{src}: sha256 {digest} is not the recorded copy ({SHA256})')
    rows = list(csv.reader(io.StringIO(raw.decode('utf-8'), newline='')))
    header, body = rows[0], rows[1:]
    if header != ['SMS', 'label', 'if_URL', 'if_phone', 'if_email'] or len(body) != ROWS:
        sys.exit(f'unexpected header {header} or row count {len(body)}')
    os.makedirs(os.path.join(out, 'texts'), exist_ok=True)
    counts: dict = {}
    skipped: dict = {}
    with open(os.path.join(out, 'texts', 'smishx.jsonl'), 'w', encoding='utf-8') as f:
        for i, r in enumerate(body):
            text = ' '.join(unmojibake(r[0]).split())
            label = label_of(r[1], text)
            if r[1].strip().lower() == 'spam' and not with_spam:
                skipped['spam'] = skipped.get('spam', 0) + 1
                continue
            if DAMAGED.search(text):  # CJK messages whose bytes were lost before the release ('?' in place of characters)
                skipped['damaged'] = skipped.get('damaged', 0) + 1
                continue
            if letters(text) in uci_texts:
                skipped[label] = skipped.get(label, 0) + 1
                continue
            counts[label] = counts.get(label, 0) + 1
            f.write(json.dumps({'id': f'smishx:{i + 1}', 'text': clean(r[0]), 'label': label, 'lang': lang_of(text),
                                'dataset': DATASET, 'licence': LICENCE, 'sha256_source': SHA256}, ensure_ascii=False) + '\n')
    print(json.dumps({'staged': counts, 'left out (UCI messages by label, damaged CJK, spam)': skipped}, sort_keys=True))


if __name__ == '__main__':
    main()
