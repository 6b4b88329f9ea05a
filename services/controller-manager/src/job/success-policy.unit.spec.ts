import { describe, expect, it } from 'vitest';
import { matchSuccessPolicy } from './success-policy.js';

describe('matchSuccessPolicy', () => {
  it('is met by the first rule whose indexes all succeeded, or enough of them', () => {
    const policy = { rules: [{ succeededIndexes: '0,2-3' }, { succeededIndexes: '4-9', succeededCount: 2 }, { succeededCount: 5 }] };
    expect(matchSuccessPolicy(policy, 10, [0, 2])).toBeUndefined();
    expect(matchSuccessPolicy(policy, 10, [0, 2, 3])).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy(policy, 10, [1, 5, 9])).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy(policy, 10, [0, 1, 2, 5, 6])).toBe('Matched rules at index 1');
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 5 }] }, 10, [0, 1, 2, 3])).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 5 }] }, 10, [0, 1, 2, 3, 7])).toBe('Matched rules at index 0');
  });

  it('is never met without a policy or a succeeded index', () => {
    expect(matchSuccessPolicy(undefined, 3, [0, 1, 2])).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 0 }] }, 3, [])).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 0 }] }, 3, [1])).toBe('Matched rules at index 0');
  });
});
