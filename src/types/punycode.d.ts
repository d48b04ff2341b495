// punycode.js ships no types. Its CommonJS build (used by Node/tsx) only has a default export, so import the default.
declare module 'punycode.js' {
  const punycode: {
    toUnicode(domain: string): string;
    toASCII(domain: string): string;
    decode(input: string): string;
    encode(input: string): string;
  };
  export default punycode;
}
