/**
 * Go's time.ParseDuration ("300ms", "-1.5h", "2h45m"), with its error messages: the `timeout`
 * query parameter is read with it upstream, and a bad one is answered with its error text.
 * Returns nanoseconds, or the error message.
 */
export function parseGoDuration(text: string): { readonly nanoseconds: bigint } | { readonly error: string } {
  const invalid = { error: `time: invalid duration ${goQuote(text)}` };
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { nanoseconds: 0n };
  if (s === '') return invalid;
  let total = 0n;
  while (s !== '') {
    if (!/^[0-9.]/.test(s)) return invalid;
    const whole = /^[0-9]*/.exec(s)![0];
    s = s.slice(whole.length);
    let fraction = '';
    let hadFraction = false;
    if (s.startsWith('.')) {
      fraction = /^[0-9]*/.exec(s.slice(1))![0];
      hadFraction = fraction !== '';
      s = s.slice(1 + fraction.length);
    }
    if (whole === '' && !hadFraction) return invalid;
    const unitText = /^[^0-9.]*/.exec(s)![0];
    if (unitText === '') return { error: `time: missing unit in duration ${goQuote(text)}` };
    s = s.slice(unitText.length);
    const unit = UNITS[unitText];
    if (unit === undefined) return { error: `time: unknown unit ${goQuote(unitText)} in duration ${goQuote(text)}` };
    const v = BigInt(whole || '0');
    if (v > MAX / unit) return invalid;
    let value = v * unit;
    if (hadFraction) value += BigInt(Math.floor(Number(`0.${fraction}`) * Number(unit)));
    total += value;
    if (total > MAX) return invalid;
  }
  if (negative) return { nanoseconds: -total };
  if (total > MAX - 1n) return invalid;
  return { nanoseconds: total };
}

const MAX = 1n << 63n;

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.quote: double quotes, `"` and `\` escaped, bytes outside printable ASCII as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code >= 0x80) {
      for (const byte of new TextEncoder().encode(c)) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += c === '"' || c === '\\' ? `\\${c}` : c;
    }
  }
  return `${out}"`;
}
