import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { cleanStalePodDisruption, staleDisruptionWaitMs } from './stale-pod-disruption.js';

const NOW = new Date('2026-01-01T00:10:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const pod = (condition: Record<string, unknown> | undefined, extra: { phase?: string; deletionTimestamp?: string } = {}): KubeObject => ({
  metadata: { name: 'web-1', namespace: 'ns', ...(extra.deletionTimestamp && { deletionTimestamp: extra.deletionTimestamp }) },
  status: { phase: extra.phase ?? 'Running', conditions: condition ? [{ type: 'DisruptionTarget', ...condition }] : [] },
});

describe('stale DisruptionTarget conditions', () => {
  it('waits 2 minutes from the condition, only for running pods an eviction marked', () => {
    expect(staleDisruptionWaitMs(pod({ status: 'True', reason: 'EvictionByEvictionAPI', lastTransitionTime: ago(30_000) }), NOW.getTime())).toBe(90_000);
    expect(staleDisruptionWaitMs(pod({ status: 'True', reason: 'EvictionByEvictionAPI', lastTransitionTime: ago(180_000) }), NOW.getTime())).toBe(0);
    expect(staleDisruptionWaitMs(pod({ status: 'True', reason: 'TerminationByKubelet', lastTransitionTime: ago(180_000) }), NOW.getTime())).toBeUndefined();
    expect(staleDisruptionWaitMs(pod({ status: 'False', lastTransitionTime: ago(180_000) }), NOW.getTime())).toBeUndefined();
    expect(staleDisruptionWaitMs(pod({ status: 'True', lastTransitionTime: ago(180_000) }, { phase: 'Failed' }), NOW.getTime())).toBeUndefined();
    expect(staleDisruptionWaitMs(pod({ status: 'True', lastTransitionTime: ago(180_000) }, { deletionTimestamp: ago(0) }), NOW.getTime())).toBeUndefined();
    expect(staleDisruptionWaitMs(pod(undefined), NOW.getTime())).toBeUndefined();
  });

  it('clears a stale condition, and comes back for one that is not stale yet', async () => {
    const cleared: string[] = [];
    const deps = (p: KubeObject | undefined) => ({
      getPod: () => p,
      clearDisruptionTarget: async (namespace: string, name: string, now: string) => void cleared.push(`${namespace}/${name} ${now}`),
      isNotFound: () => false,
      now: () => NOW,
    });
    expect(await cleanStalePodDisruption('ns/web-1', deps(pod({ status: 'True', lastTransitionTime: ago(150_000) })))).toBe('continue');
    expect(cleared).toEqual(['ns/web-1 2026-01-01T00:10:00Z']);
    expect(await cleanStalePodDisruption('ns/web-1', deps(pod({ status: 'True', lastTransitionTime: ago(60_000) })))).toEqual({ requeueAfterMs: 60_000 });
    expect(await cleanStalePodDisruption('ns/web-1', deps(undefined))).toBe('continue');
    expect(cleared).toHaveLength(1);
  });
});
