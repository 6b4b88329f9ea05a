import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration.js';

const ns = (text: string) => {
  const parsed = parseGoDuration(text);
  return 'nanoseconds' in parsed ? parsed.nanoseconds : parsed.error;
};

describe('parseGoDuration (Go time.ParseDuration)', () => {
  it('reads numbers with units, fractions, signs and sequences', () => {
    expect(ns('32s')).toBe(32_000_000_000n);
    expect(ns('300ms')).toBe(300_000_000n);
    expect(ns('1.5h')).toBe(5_400_000_000_000n);
    expect(ns('2h45m')).toBe(9_900_000_000_000n);
    expect(ns('-1m')).toBe(-60_000_000_000n);
    expect(ns('+.5s')).toBe(500_000_000n);
    expect(ns('1µs')).toBe(1000n);
    expect(ns('1μs')).toBe(1000n);
    expect(ns('10ns')).toBe(10n);
    expect(ns('0')).toBe(0n);
  });

  it('fails with Go’s messages', () => {
    expect(ns('')).toBe('time: invalid duration ""');
    expect(ns('abc')).toBe('time: invalid duration "abc"');
    expect(ns('.s')).toBe('time: invalid duration ".s"');
    expect(ns('5')).toBe('time: missing unit in duration "5"');
    expect(ns('1x')).toBe('time: unknown unit "x" in duration "1x"');
    expect(ns('3d"')).toBe('time: unknown unit "d\\"" in duration "3d\\""');
    expect(ns('1é')).toBe('time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"');
    expect(ns('9999999999999h')).toBe('time: invalid duration "9999999999999h"');
  });
});
