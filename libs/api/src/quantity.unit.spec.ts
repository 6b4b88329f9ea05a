import { describe, expect, it } from 'vitest';
import { milliCpu, parseQuantity, QuantityError, wholeUnits } from './quantity.js';

describe('resource quantities', () => {
  it.each([
    ['100m', 0.1], ['1', 1], ['0.5', 0.5], ['1.5k', 1500], ['128Mi', 134217728], ['1Gi', 2 ** 30], ['1e3', 1000], ['2E-2', 0.02], ['500M', 5e8], ['.5', 0.5], [3, 3],
  ] as const)('%s is %d', (q, value) => {
    expect(parseQuantity(q)).toBeCloseTo(value, 9);
  });

  it('gives CPU in millicores and memory in bytes, rounding up', () => {
    expect(milliCpu('100m')).toBe(100);
    expect(milliCpu('0.25')).toBe(250);
    expect(milliCpu(2)).toBe(2000);
    expect(milliCpu('1n')).toBe(1);
    expect(wholeUnits('64Mi')).toBe(67108864);
    expect(wholeUnits('1.5')).toBe(2);
  });

  it.each(['', 'abc', '1Kb', '1 Gi', '--1', '1.2.3', ' 1'])('refuses %j', (q) => {
    expect(() => parseQuantity(q)).toThrow(QuantityError);
  });
});
