import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { labelSelectorMatcher, labelSelectorRequirements } from './label-selector.js';
import { filterActivePods, isPodActive, isPodAvailable, isPodReady, podReadySince } from './pod-readiness.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const pod = (status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'p', ...meta }, status });
const ready = (since: string | undefined, phase = 'Running') => pod({ phase, conditions: [{ type: 'Ready', status: 'True', ...(since && { lastTransitionTime: since }) }] });

describe('pod readiness (podutil)', () => {
  it('ready is the Ready condition True; available is ready for longer than minReadySeconds', () => {
    expect(isPodReady(ready('2026-03-01T11:59:50Z'))).toBe(true);
    expect(isPodReady(pod({ conditions: [{ type: 'Ready', status: 'False' }] }))).toBe(false);
    expect(isPodReady(pod({}))).toBe(false);
    expect(podReadySince(ready('2026-03-01T11:59:50Z'))).toBe(Date.parse('2026-03-01T11:59:50Z'));
    expect(isPodAvailable(ready('2026-03-01T11:59:50Z'), 0, NOW)).toBe(true);
    expect(isPodAvailable(ready('2026-03-01T11:59:50Z'), 5, NOW)).toBe(true);
    expect(isPodAvailable(ready('2026-03-01T11:59:50Z'), 10, NOW)).toBe(false); // not strictly before now
    expect(isPodAvailable(ready(undefined), 5, NOW)).toBe(false);
    expect(isPodAvailable(ready(undefined), 0, NOW)).toBe(true);
  });

  it('active pods have not finished and are not being deleted', () => {
    const running = pod({ phase: 'Running' });
    const pods = [running, pod({ phase: 'Succeeded' }), pod({ phase: 'Failed' }), pod({ phase: 'Running' }, { deletionTimestamp: '2026-03-01T12:00:00Z' }), pod({})];
    expect(pods.map(isPodActive)).toEqual([true, false, false, false, true]);
    expect(filterActivePods(pods)).toHaveLength(2);
  });
});

describe('label selectors (LabelSelectorAsSelector)', () => {
  it('reads matchLabels and matchExpressions; a missing or unreadable selector selects nothing, an empty one everything', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    const matches = labelSelectorMatcher(selector);
    expect(matches({ app: 'web', tier: 'a' })).toBe(true);
    expect(matches({ app: 'web', tier: 'c' })).toBe(false);
    expect(matches({ app: 'web', tier: 'a', canary: 'yes' })).toBe(false);
    expect(labelSelectorRequirements(undefined)).toBeNull();
    expect(labelSelectorRequirements({ matchExpressions: [{ key: 'x', operator: 'Near' }] })).toBeNull();
    expect(labelSelectorMatcher(undefined)({ app: 'web' })).toBe(false);
    expect(labelSelectorMatcher({})({ app: 'web' })).toBe(true);
    expect(labelSelectorMatcher({}, { nonEmpty: true })({ app: 'web' })).toBe(false);
  });
});
