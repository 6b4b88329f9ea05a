import { describe, expect, it } from 'vitest';
import { deploymentSpec } from './deployment-spec.js';
import { maxSurge, maxUnavailable, minAvailable, resolveFenceposts, scaledValue } from './rollout-limits.js';

const spec = (replicas: number, maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, type = 'RollingUpdate') =>
  deploymentSpec({ spec: { replicas, strategy: { type, rollingUpdate: { maxSurge, maxUnavailable } } } });

describe('maxSurge and maxUnavailable (util.ResolveFenceposts)', () => {
  it('take numbers as they are and percentages of the replicas, rounding up for surge and down for unavailable', () => {
    expect(scaledValue(2, 10, true)).toBe(2);
    expect(scaledValue('25%', 3, true)).toBe(1);
    expect(scaledValue('25%', 3, false)).toBe(0);
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue(undefined, 10, true)).toBe(0);
    expect(() => scaledValue('3', 10, true)).toThrow(/not a percentage/);
  });

  it('resolve both at once: when both come to 0, one pod may be unavailable', () => {
    expect(resolveFenceposts('25%', '25%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('0%', '1%', 2)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(0, 0, 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(undefined, undefined, 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('1%', '25%', 2)).toEqual({ surge: 1, unavailable: 0 });
  });

  it('are 0 for Recreate; maxUnavailable is 0 for no replicas and never more than the replicas', () => {
    expect(maxSurge(spec(4, 1, 1, 'Recreate'))).toBe(0);
    expect(maxUnavailable(spec(4, 1, 1, 'Recreate'))).toBe(0);
    expect(minAvailable(spec(4, 1, 1, 'Recreate'))).toBe(0);
    expect(maxUnavailable(spec(0, 1, 1))).toBe(0);
    expect(maxUnavailable(spec(2, 0, 5))).toBe(2);
    expect(maxSurge(spec(10, '25%', '25%'))).toBe(3);
    expect(minAvailable(spec(10, '25%', '25%'))).toBe(8);
  });
});
