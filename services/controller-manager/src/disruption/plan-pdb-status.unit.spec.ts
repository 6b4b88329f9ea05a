import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { countHealthyPods, disruptedPodMap, failSafeStatus, planPdbStatus } from './plan-pdb-status.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
const pod = (name: string, ready: boolean, meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, ...meta }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
const pdb = (status: Record<string, unknown> = {}, generation = 1): KubeObject => ({ metadata: { name: 'web', namespace: 'ns', generation }, spec: { minAvailable: 2 }, status });

describe('disruption math', () => {
  it('counts ready pods not being deleted and not granted an eviction less than 2 minutes ago', () => {
    const pods = [pod('a', true), pod('b', true), pod('c', false), pod('d', true, { deletionTimestamp: at(0) }), pod('e', true), pod('f', true)];
    const noted = { e: at(60_000), f: at(121_000) };
    expect(countHealthyPods(pods, noted, NOW)).toBe(3);
  });

  it('keeps the disruptedPods entries of pods still there and not expired, rechecking when the first expires', () => {
    const pods = [pod('fresh', true), pod('older', true), pod('stale', true), pod('going', true, { deletionTimestamp: at(0) })];
    const noted = pdb({ disruptedPods: { fresh: at(10_000), older: at(60_000), stale: at(130_000), going: at(1000), gone: at(1000) } });
    expect(disruptedPodMap(pods, noted, NOW)).toEqual({ pods: { fresh: at(10_000), older: at(60_000) }, notDeleted: ['stale'], recheckAt: NOW + 60_000 });
    expect(disruptedPodMap(pods, pdb(), NOW)).toEqual({ pods: {}, notDeleted: [] });
  });

  it('allows currentHealthy - desiredHealthy disruptions, none when it expects no pods, with the DisruptionAllowed condition (no empty disruptedPods)', () => {
    const now = at(0);
    expect(planPdbStatus(pdb(), { currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptedPods: {} }, now)).toEqual({
      currentHealthy: 4,
      desiredHealthy: 3,
      expectedPods: 4,
      disruptionsAllowed: 1,
      observedGeneration: 1,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: now }],
    });
    expect(planPdbStatus(pdb(), { currentHealthy: 2, desiredHealthy: 3, expectedPods: 4, disruptedPods: {} }, now)).toMatchObject({ disruptionsAllowed: 0, conditions: [{ status: 'False', reason: 'InsufficientPods' }] });
    expect(planPdbStatus(pdb(), { currentHealthy: 2, desiredHealthy: 0, expectedPods: 0, disruptedPods: {} }, now)).toMatchObject({ disruptionsAllowed: 0 });
  });

  it('writes nothing when the status says so already; a new generation or a stale condition is written', () => {
    const counts = { currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptedPods: {} };
    const synced = pdb(planPdbStatus(pdb(), counts, at(60_000)) as Record<string, unknown>);
    expect(planPdbStatus(synced, counts, at(0))).toBeUndefined();
    const bumped = { ...synced, metadata: { ...synced.metadata, generation: 2 } };
    expect(planPdbStatus(bumped, counts, at(0))).toMatchObject({ observedGeneration: 2, conditions: [{ status: 'True', lastTransitionTime: at(60_000), observedGeneration: 2 }] });
    const failed = pdb(failSafeStatus(synced, 'boom', at(0)) as Record<string, unknown>);
    expect(failed['status']).toMatchObject({ disruptionsAllowed: 0, conditions: [{ status: 'False', reason: 'SyncFailed', message: 'boom', lastTransitionTime: at(0) }] });
    expect(planPdbStatus(failed, counts, at(0))).toMatchObject({ disruptionsAllowed: 1, conditions: [{ status: 'True', reason: 'SufficientPods', message: '' }] });
  });
});
