import { describe, expect, it } from 'vitest';
import { formatDuration, formatMicroTime, formatTime } from './go-time.js';

describe('Go time formats', () => {
  it.each([
    [0, '0s'],
    [1, '1ns'],
    [999, '999ns'],
    [1_500, '1.5µs'],
    [1_500_000, '1.5ms'],
    [1_000_000_000, '1s'],
    [1_500_000_000, '1.5s'],
    [90_000_000_000, '1m30s'],
    [3_600_000_000_000, '1h0m0s'],
    [3_661_500_000_000, '1h1m1.5s'],
    [-2_000_000_000, '-2s'],
    [{ toString: () => '9223372036854775807' }, '2562047h47m16.854775807s'],
  ])('time.Duration(%s).String() is %s', (nanos, text) => {
    expect(formatDuration(nanos)).toBe(text);
  });

  it('writes Time at second precision and MicroTime with six truncated digits, both in UTC', () => {
    expect(formatTime(1740824430)).toBe('2025-03-01T10:20:30Z');
    expect(formatTime({ toString: () => '-62135596800' })).toBe('0001-01-01T00:00:00Z');
    expect(formatMicroTime(1740824430, 5_999)).toBe('2025-03-01T10:20:30.000005Z');
    expect(formatMicroTime(1740824430, -1)).toBe('2025-03-01T10:20:29.999999Z');
  });

  it('has no text for years Go cannot write', () => {
    expect(formatTime(253402300800)).toBeUndefined();
    expect(formatTime(-62167219201)).toBeUndefined();
    expect(formatMicroTime(1e18, 0)).toBeUndefined();
  });
});
