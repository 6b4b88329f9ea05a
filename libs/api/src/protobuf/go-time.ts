/** What protobufjs gives for an int64: a number, or a Long when the value may not fit one. */
export type Int64 = number | { toString(): string };

const NANOS_PER_SECOND = 1_000_000_000n;

const toBigInt = (value: Int64 | undefined): bigint => BigInt(value === undefined ? 0 : value.toString());

/** Seconds and nanoseconds as Go's time.Unix normalizes them: nanoseconds in [0, 1e9). */
function unixTime(seconds: Int64 | undefined, nanos: number | undefined): { date: Date; nanos: number } | undefined {
  const total = toBigInt(seconds) * NANOS_PER_SECOND + BigInt(nanos ?? 0);
  let secs = total / NANOS_PER_SECOND;
  let rest = total % NANOS_PER_SECOND;
  if (rest < 0n) {
    secs -= 1n;
    rest += NANOS_PER_SECOND;
  }
  const date = new Date(Number(secs) * 1000);
  const year = date.getUTCFullYear();
  // Go's Time.MarshalJSON refuses years it cannot write as four digits.
  if (Number.isNaN(year) || year < 0 || year > 9999) return undefined;
  return { date, nanos: Number(rest) };
}

/** metav1.Time as JSON: RFC 3339 in UTC at second precision (the protobuf decoder drops nanoseconds, as upstream's does). */
export function formatTime(seconds: Int64 | undefined): string | undefined {
  return unixTime(seconds, 0)?.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime as JSON: RFC 3339 in UTC with six fraction digits (truncated). */
export function formatMicroTime(seconds: Int64 | undefined, nanos: number | undefined): string | undefined {
  const time = unixTime(seconds, nanos);
  if (!time) return undefined;
  const micros = String(Math.floor(time.nanos / 1000)).padStart(6, '0');
  return time.date.toISOString().replace(/\.\d{3}Z$/, `.${micros}Z`);
}

/** Go's time.Duration.String(): `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatDuration(nanoseconds: Int64 | undefined): string {
  let n = toBigInt(nanoseconds);
  if (n === 0n) return '0s';
  const sign = n < 0n ? '-' : '';
  if (n < 0n) n = -n;
  if (n < NANOS_PER_SECOND) {
    if (n < 1_000n) return `${sign}${n}ns`;
    if (n < 1_000_000n) return `${sign}${fraction(n, 3)}µs`;
    return `${sign}${fraction(n, 6)}ms`;
  }
  const seconds = fraction(n % (60n * NANOS_PER_SECOND), 9);
  const minutes = n / (60n * NANOS_PER_SECOND);
  if (minutes === 0n) return `${sign}${seconds}s`;
  const hours = minutes / 60n;
  return hours === 0n ? `${sign}${minutes}m${seconds}s` : `${sign}${hours}h${minutes % 60n}m${seconds}s`;
}

/** `value / 10**digits` with the fraction's trailing zeros (and a bare point) left out. */
function fraction(value: bigint, digits: number): string {
  const unit = 10n ** BigInt(digits);
  const frac = (value % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${value / unit}${frac ? `.${frac}` : ''}`;
}
