/** IP literal normalisation: every legal IPv4 spelling (decimal, octal, hex, 1–4 parts) and IPv6 (RFC 5952). */

function parseIpv4Part(part: string): number {
  if (part.length === 0) return -1;
  let radix = 10;
  let digits = part;
  if (part.length >= 2 && part[0] === '0' && (part[1] === 'x' || part[1] === 'X')) {
    radix = 16;
    digits = part.slice(2);
    if (digits.length === 0) return 0;
  } else if (part.length >= 2 && part[0] === '0') {
    radix = 8;
    digits = part.slice(1);
  }
  let value = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = parseInt(digits[i]!, radix);
    if (Number.isNaN(d)) return -1;
    value = value * radix + d;
    if (value > 0xffffffff) return -1;
  }
  return value;
}

/** `'3279880203'` → `'195.127.0.11'`, `'0x7f.1'` → `'127.0.0.1'`; null when `host` is not an IPv4 literal. */
export function normalizeIpv4(host: string): string | null {
  if (!/^[0-9a-fx.]+$/i.test(host) || !/^(0x)?[0-9]/i.test(host)) return null;
  const parts = host.split('.');
  if (parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    const v = parseIpv4Part(part);
    if (v < 0) return null;
    values.push(v);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return null;
  const bytes = [...values];
  for (let i = 3 - values.length; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
  return bytes.join('.');
}

function parseIpv6Groups(text: string): number[] | null {
  let tail = text;
  const groups: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const dotted = normalizeIpv4(v4[2]!);
    if (dotted === null || v4[2] !== dotted) return null;
    const b = dotted.split('.').map(Number);
    tail = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
    groups.push(((b[0]! << 8) | b[1]!) >>> 0, ((b[2]! << 8) | b[3]!) >>> 0);
  }
  const halves = tail.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return null;
  const explicit = head.length + rest.length + groups.length;
  if (halves.length === 1) return explicit === 8 ? [...head, ...groups] : null;
  if (explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...groups];
}

/** `'[2001:DB8:0:0::1]'` → `'[2001:db8::1]'`; null when not a bracketed IPv6 literal. */
export function normalizeIpv6(bracketed: string): string | null {
  if (bracketed.length < 4 || bracketed[0] !== '[' || bracketed[bracketed.length - 1] !== ']') return null;
  const groups = parseIpv6Groups(bracketed.slice(1, -1));
  if (!groups) return null;
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return `[${hex.join(':')}]`;
  return `[${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}]`;
}
