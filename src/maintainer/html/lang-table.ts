/**
 * Language tables of scam front-ends (ThinkPHP `return ['recharge' => '立即充值', …];`, Laravel lang files,
 * vue-i18n `export default { recharge: '立即充值' }`, JSON) → key → UI string. Not evaluated: a linear scan for
 * `key => 'value'` / `key: 'value'` pairs, so a table can be read without running anyone's code.
 *
 *   parseLangTable("return ['grab' => '一键抢单', 'tip' => \"佣金\\n到账\"];") → Map { grab → 一键抢单, tip → 佣金 到账 }
 */
const PAIR = /(['"]?)([\w.\-\u3400-\u9fff][\w.\-\u3400-\u9fff ]{0,79})\1\s*(?:=>|:)\s*(['"`])((?:\\[\s\S]|(?!\3)[^\\\n]){0,2000})\3/g;

function unescape(s: string): string {
  return s
    .replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\[nrt]/g, ' ')
    .replace(/\\(.)/g, '$1');
}

export function parseLangTable(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.slice(0, 2_000_000).matchAll(PAIR)) {
    const key = (m[2] ?? '').trim();
    const value = unescape(m[4] ?? '').replace(/<[^>]{0,200}>/g, ' ').trim();
    if (!value || /^(?:https?:|\/|#|\.\/)/.test(value)) continue;
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

/** The table's UI strings as text (one per line), for a text item or for the page group it belongs to. */
export function langTableText(table: ReadonlyMap<string, string>): string {
  return [...new Set(table.values())].join('\n');
}
