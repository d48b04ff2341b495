declare module 'punycode.js' {
  export function toUnicode(domain: string): string;
  export function toASCII(domain: string): string;
  const punycode: { toUnicode: typeof toUnicode; toASCII: typeof toASCII };
  export default punycode;
}
