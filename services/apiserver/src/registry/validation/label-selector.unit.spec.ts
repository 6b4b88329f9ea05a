import { describe, expect, it } from 'vitest';
import { selectorMatches, selectorString } from './label-selector.js';

describe('label selectors (metav1.LabelSelector)', () => {
  it('render as upstream labels.Selector.String(), sorted by key', () => {
    expect(selectorString({ matchLabels: { tier: 'web', app: 'shop' } })).toBe('app=shop,tier=web');
    expect(selectorString({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'gone', operator: 'DoesNotExist' }, { key: 'b', operator: 'Exists' }] })).toBe(
      'app=x,b,env in (dev,prod),!gone',
    );
    expect(selectorString({})).toBe('');
  });

  it('match labels as the requirements say', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] };
    expect(selectorMatches(selector, { app: 'web' })).toBe(true);
    expect(selectorMatches(selector, { app: 'web', env: 'dev' })).toBe(false);
    expect(selectorMatches(selector, { app: 'db' })).toBe(false);
  });
});
