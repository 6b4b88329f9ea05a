import { compareStrings, isJsonObject } from './json-values.js';

/** Go's encoding/json escapes these inside strings (HTML safety and JavaScript line terminators). */
const GO_ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON text (as JSON.stringify writes it) with the escapes Go's encoding/json adds inside strings:
 * `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026` and U+2028/U+2029 as `\u2028`/`\u2029`. None of
 * them can stand outside a string in JSON text, so replacing them all is escaping them in strings.
 */
export function withGoJsonEscapes(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

/** A string as Go's encoding/json writes it. */
function goJsonString(text: string): string {
  return withGoJsonEscapes(JSON.stringify(text));
}

/**
 * JSON text as Go's encoding/json (and json-iterator's standard-library mode) writes it: compact,
 * object keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. Used where upstream serialises
 * values into strings clients see byte for byte: FieldsV1 keys (`k:{...}`, `v:...`) and the
 * last-applied annotation.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((item) => goJson(item)).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort(compareStrings);
    return `{${keys.map((key) => `${goJsonString(key)}:${goJson(value[key])}`).join(',')}}`;
  }
  return 'null';
}

/** A string as Go's `%q` (strconv.Quote) prints it, for the common printable cases. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code === 0x07) out += '\\a';
    else if (code === 0x08) out += '\\b';
    else if (code === 0x0c) out += '\\f';
    else if (code === 0x0b) out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
