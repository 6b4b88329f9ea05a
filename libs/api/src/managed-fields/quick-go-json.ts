import { goJson } from './go-json.js';

/**
 * Whether Go's encoding/json writes a string as it is, between quotes: it holds no quote,
 * backslash, control character, `<`, `>`, `&`, U+2028, U+2029 or surrogate (which JSON.stringify
 * may escape too).
 */
function isPlainJsonString(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * goJson, with a shortcut for plain strings and finite numbers, which FieldsV1 keys and manager
 * identifiers nearly always are and which are serialised for every list item and entry of every
 * write. Anything else goes to goJson, so the text is the same.
 */
export function quickGoJson(value: unknown): string {
  if (typeof value === 'string' && isPlainJsonString(value)) return `"${value}"`;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return goJson(value);
}
