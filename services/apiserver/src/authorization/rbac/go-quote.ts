const ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/** What strconv.Quote would escape (control characters, quotes, backslashes): other strings are quoted as they are. */
const NEEDS_ESCAPE = /[\x00-\x1f"\\\x7f]/;

/** Go's %q of a string (strconv.Quote): double quotes, escapes for quotes, backslashes and control characters. */
export function goQuote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    const escape = ESCAPES[c];
    if (escape) out += escape;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** Go's %q of a []string: `["a" "b"]`. */
export const goQuoteList = (list: readonly string[]): string => `[${list.map(goQuote).join(' ')}]`;
