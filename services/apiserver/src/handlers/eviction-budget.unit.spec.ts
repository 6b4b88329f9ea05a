import { describe, expect, it } from 'vitest';
import { isStatusError, type KubeObject } from '@kubeledger/api';
import { canIgnorePdb, matchingPdbs, shouldEnforceResourceVersion, spendDisruption, unhealthyPodMayGo } from './eviction-budget.js';

const NOW = '2026-01-01T00:00:00Z';
const pod = (status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'web-1', namespace: 'ns', labels: { app: 'web' }, ...meta }, status });
const ready = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
const unready = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] });
const pdb = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 1): KubeObject => ({
  metadata: { name: 'web', namespace: 'ns', generation },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  status: { observedGeneration: 1, ...status },
});

/** The Status a decision refuses with. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (isStatusError(err)) return err.status;
    throw err;
  }
  throw new Error('not refused');
}

describe('eviction budget decisions', () => {
  it('lets terminal, pending and terminating pods go without a budget, pinning only running ones', () => {
    expect([pod({ phase: 'Succeeded' }), pod({ phase: 'Failed' }), pod({ phase: 'Pending' }), pod({ phase: 'Running' }, { deletionTimestamp: NOW })].map(canIgnorePdb)).toEqual([true, true, true, true]);
    expect(canIgnorePdb(ready)).toBe(false);
    expect([pod({ phase: 'Failed' }), pod({ phase: 'Pending' }), ready].map(shouldEnforceResourceVersion)).toEqual([false, true, true]);
  });

  it('finds the budgets of the pod namespace whose selector matches; none for a missing selector, all for an empty one', () => {
    const other = { ...pdb({}, {}), metadata: { name: 'other', namespace: 'elsewhere' } };
    const none = { ...pdb({}, {}), metadata: { name: 'none', namespace: 'ns' }, spec: {} };
    const all = { ...pdb({}, {}), metadata: { name: 'all', namespace: 'ns' }, spec: { selector: {} } };
    const db = { ...pdb({}, {}), metadata: { name: 'db', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'db' } } } };
    expect(matchingPdbs([pdb({}, {}), other, none, all, db], ready).map((p) => p.metadata?.name)).toEqual(['web', 'all']);
  });

  it('lets an unready pod go unspent under AlwaysAllow, or while the application has its healthy pods', () => {
    expect(unhealthyPodMayGo(unready, pdb({ unhealthyPodEvictionPolicy: 'AlwaysAllow' }, { currentHealthy: 0, desiredHealthy: 3 }))).toBe(true);
    expect(unhealthyPodMayGo(unready, pdb({}, { currentHealthy: 3, desiredHealthy: 3 }))).toBe(true);
    expect(unhealthyPodMayGo(unready, pdb({ unhealthyPodEvictionPolicy: 'IfHealthyBudget' }, { currentHealthy: 2, desiredHealthy: 3 }))).toBe(false);
    expect(unhealthyPodMayGo(unready, pdb({}, { currentHealthy: 0, desiredHealthy: 0 }))).toBe(false);
    expect(unhealthyPodMayGo(ready, pdb({ unhealthyPodEvictionPolicy: 'AlwaysAllow' }, { currentHealthy: 4, desiredHealthy: 3 }))).toBe(false);
  });

  it('spends one disruption, notes the pod, and turns DisruptionAllowed False at zero', () => {
    const spent = spendDisruption(pdb({}, { disruptionsAllowed: 1, currentHealthy: 4, desiredHealthy: 3, conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', lastTransitionTime: '2025-01-01T00:00:00Z' }] }), 'web-1', NOW, false);
    expect(spent['status']).toMatchObject({
      disruptionsAllowed: 0,
      disruptedPods: { 'web-1': NOW },
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: NOW }],
    });
    const twice = spendDisruption(pdb({}, { disruptionsAllowed: 2 }), 'web-1', NOW, true)['status'];
    expect(twice).toEqual({ observedGeneration: 1, disruptionsAllowed: 1 });
  });

  it('refuses with 429 and the DisruptionBudget cause when none is allowed or the spec is not observed yet', () => {
    expect(refusal(() => spendDisruption(pdb({}, { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3 }), 'web-1', NOW, false))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 3 healthy pods and has 3 currently' }] },
      code: 429,
    });
    expect(refusal(() => spendDisruption(pdb({}, { disruptionsAllowed: 2 }, 2), 'web-1', NOW, false))).toMatchObject({
      code: 429,
      details: { retryAfterSeconds: 10, causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }] },
    });
    expect(refusal(() => spendDisruption(pdb({}, { disruptionsAllowed: -1 }), 'web-1', NOW, false))).toMatchObject({ code: 403, message: 'poddisruptionbudget.policy "web" is forbidden: pdb disruptions allowed is negative' });
  });
});
