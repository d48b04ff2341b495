import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOURCE_FORMATS } from '../../../src/maintainer/sources/config';
import { parseSource } from '../../../src/maintainer/sources/parsers';

const texts = (format: Parameters<typeof parseSource>[0], input: string): string[] =>
  parseSource(format, input).entries.map((e) => e.text);
const warnings = (format: Parameters<typeof parseSource>[0], input: string): string[] =>
  parseSource(format, input).warnings.map((w) => `${w.location}: ${w.message}`);

describe('source parsers', () => {
  it('domains: comments, wildcards, inline comments; malformed lines warned with line numbers', () => {
    const input = '# header\n\nscam.example\n*.wild.example\nrefund.example  # note\nnot a domain\n';
    expect(texts('domains', input)).toEqual(['scam.example', 'wild.example', 'refund.example']);
    expect(warnings('domains', input)).toEqual(['line 6: not a domain']);
  });

  it('hosts: 0.0.0.0 / 127.0.0.1, several hosts per line, localhost skipped', () => {
    const input = '127.0.0.1 localhost\n0.0.0.0 a.example b.example # c\n:: v6.example\n0.0.0.0\n10.0.0.1 lan.example\r\n';
    expect(texts('hosts', input)).toEqual(['a.example', 'b.example', 'v6.example']);
    expect(warnings('hosts', input)).toEqual(['line 4: expected "0.0.0.0 domain"', 'line 5: expected "0.0.0.0 domain"']);
  });

  it('adblock: ||domain^ with harmless options; # disabled and ! comments ignored; others warned', () => {
    const input = [
      '[Adblock Plus 2.0]',
      '! comment',
      '||a.example^',
      '#||disabled.example^',
      '||b.example^$important',
      '||c.example^$script',
      '@@||allow.example^',
      'x.example##.ad',
      '||h.example/path^',
      'plain.example',
    ].join('\n');
    expect(texts('adblock', input)).toEqual(['a.example', 'b.example', 'h.example/path']);
    expect(warnings('adblock', input)).toEqual([
      'line 6: unsupported options: script',
      'line 7: exception rule ignored',
      'line 8: cosmetic rule ignored',
      'line 10: expected "||domain^"',
    ]);
  });

  it('urls: one per line, whitespace is malformed', () => {
    expect(texts('urls', 'https://a.example/x?y=1\nh.example/p\nhttp://bad url\n')).toEqual(['https://a.example/x?y=1', 'h.example/p']);
    expect(warnings('urls', 'ok.example\nhttp://bad url')).toEqual(['line 2: URL contains whitespace']);
  });

  it('metamask config.json: blacklist only', () => {
    const input = JSON.stringify({ whitelist: ['good.example'], fuzzylist: ['metamask.io'], blacklist: ['bad.example', 7, ''] });
    expect(texts('metamask', input)).toEqual(['bad.example']);
    expect(warnings('metamask', input)).toEqual(['blacklist[1]: not a non-empty string', 'blacklist[2]: not a non-empty string']);
  });

  it('polkadot all.json: deny and denySub, allow ignored', () => {
    const input = JSON.stringify({ allow: ['github.io'], deny: ['a.example'], denySub: ['twitter.com/x'] });
    expect(texts('polkadot', input)).toEqual(['a.example', 'twitter.com/x']);
  });

  it('JSON formats: a file that is not the expected JSON is fatal (the build fails rather than dropping a source)', () => {
    expect(parseSource('metamask', '{"blacklist": [').fatal).toMatch(/not JSON/);
    expect(parseSource('polkadot', '[]').fatal).toMatch(/JSON object/);
    expect(parseSource('metamask', '{"other": []}').fatal).toMatch(/blacklist/);
  });

  it('tw165 TSV: skips 5 header lines, takes the URL column', () => {
    const header = 'h1\nh2\nh3\nWEBSITE_NM\tWEBURL\tCNT\n網站名稱\t網址\t件數\n';
    const input = `${header}假平台\twww.a.example\t3\n壞\tonly\n錯\tb.example\tx\n好\thttps://c.example/r?x=1\t1\n`;
    expect(texts('tw165-tsv', input)).toEqual(['www.a.example', 'only', 'https://c.example/r?x=1']);
    expect(warnings('tw165-tsv', input)).toEqual(['line 8: count is not a number']);
    expect(texts('tw165-tsv', `x\ty.example\t1\n`)).toEqual([]); // inside the header
  });

  it('reviewed: JSONL with later lines, removals, indicators; JSON array accepted', () => {
    const lines = [
      { key: 'a.example', category: 'fake-shop', addedAt: '2025-11-01', reason: 'reports' },
      { key: 'wallet:eth:0x1111111111111111111111111111111111111111', category: 'investment', addedAt: '2025-11-02', reason: 'addr' },
      { key: 'b.example', action: 'remove', addedAt: '2025-11-03T10:00:00Z', reason: 'false positive' },
      { key: 'c.example', category: 'nope', addedAt: '2025-11-03', reason: 'bad category' },
    ];
    const jsonl = lines.map((l) => JSON.stringify(l)).join('\n') + '\n{oops\n';
    const p = parseSource('reviewed', jsonl);
    expect(p.entries.map((e) => [e.text, e.category ?? null, e.remove ?? false, e.verbatim ?? false, e.firstSeen])).toEqual([
      ['a.example', 'fake-shop', false, false, '2025-11-01'],
      ['wallet:eth:0x1111111111111111111111111111111111111111', 'investment', false, true, '2025-11-02'],
      ['b.example', null, true, false, '2025-11-03'],
    ]);
    expect(p.warnings.map((w) => w.location)).toEqual(['line 5', 'line 4']); // JSON errors first, then schema errors
    expect(parseSource('reviewed', JSON.stringify(lines.slice(0, 1))).entries).toHaveLength(1);
  });

  it('never throws on arbitrary text, for every format', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOURCE_FORMATS), fc.string({ maxLength: 300 }), (format, text) => {
        const p = parseSource(format, text);
        expect(Array.isArray(p.entries)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
