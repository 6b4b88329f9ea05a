/**
 * The reversible encoding of one NATS subject token (DESIGN §3): `[A-Za-z0-9-]` stay as they are,
 * every other UTF-8 byte becomes `%XX`, and the empty string becomes `_`. A literal `_` is
 * therefore `%5F`, so no two values share a token, and no token is empty or holds `.`, `*`, `>`
 * or white space.
 */
const KEEP = /^[A-Za-z0-9-]$/;
const utf8 = new TextEncoder();
const utf8Decode = new TextDecoder('utf-8', { fatal: true });

export function encodeToken(value: string): string {
  if (value === '') return '_';
  let out = '';
  for (const ch of value) {
    if (KEEP.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of utf8.encode(ch)) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function decodeToken(token: string): string {
  if (token === '_') return '';
  if (!/^(?:[A-Za-z0-9-]|%[0-9A-F]{2})+$/.test(token)) throw new Error(`not an encoded subject token: ${JSON.stringify(token)}`);
  const bytes: number[] = [];
  for (let i = 0; i < token.length; ) {
    if (token[i] === '%') {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(token.charCodeAt(i));
      i += 1;
    }
  }
  return utf8Decode.decode(new Uint8Array(bytes));
}
