import { describe, expect, it } from 'vitest';
import { minTolerationMs, planPodEviction } from './plan-pod-eviction.js';

const T0 = new Date('2026-03-01T12:00:00Z').getTime();
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const unreachable = (addedAt?: number) => ({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', ...(addedAt !== undefined && { timeAdded: stamp(addedAt) }) });
const tolerateUnreachable = (seconds?: number) => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined && { tolerationSeconds: seconds }) });

describe('minTolerationMs (getMinTolerationTime)', () => {
  it('is 0 without tolerations, the shortest limit otherwise, -1 (forever) when none has one', () => {
    expect(minTolerationMs([])).toBe(0);
    expect(minTolerationMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 30 }, {}])).toBe(30_000);
    expect(minTolerationMs([{}, { operator: 'Exists' }])).toBe(-1);
  });

  it('is 0 as soon as one limit is zero or negative', () => {
    expect(minTolerationMs([{ tolerationSeconds: 300 }, { tolerationSeconds: -5 }])).toBe(0);
    expect(minTolerationMs([{ tolerationSeconds: 0 }])).toBe(0);
  });
});

describe('planPodEviction (processPodOnNode)', () => {
  it('cancels when the node has no NoExecute taint (NoSchedule ones do not count)', () => {
    expect(planPodEviction({ tolerations: [] }, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }], undefined, T0)).toEqual({ action: 'cancel' });
  });

  it('evicts at once a pod that does not tolerate a taint', () => {
    const tolerations = [{ key: 'other', operator: 'Exists' }];
    expect(planPodEviction({ tolerations }, [unreachable(T0 - 5000)], undefined, T0)).toEqual({ action: 'schedule', eviction: { createdAt: T0, fireAt: T0 } });
  });

  it('never evicts a pod that tolerates every taint without a limit', () => {
    expect(planPodEviction({ tolerations: [tolerateUnreachable()] }, [unreachable(T0)], undefined, T0)).toEqual({ action: 'cancel' });
    expect(planPodEviction({ tolerations: [{ operator: 'Exists' }] }, [unreachable(T0)], undefined, T0)).toEqual({ action: 'cancel' });
  });

  it('evicts a tolerating pod when its shortest toleration has run out, counted from when the taint was added', () => {
    const tolerations = [tolerateUnreachable(300), { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }];
    expect(planPodEviction({ tolerations }, [unreachable(T0 - 100_000)], undefined, T0)).toEqual({ action: 'schedule', eviction: { createdAt: T0 - 100_000, fireAt: T0 + 200_000 } });
  });

  it('counts from the pod creation when the pod came after the taint, and from now without timeAdded', () => {
    const tolerations = [tolerateUnreachable(300)];
    expect(planPodEviction({ tolerations, createdAt: T0 - 10_000 }, [unreachable(T0 - 100_000)], undefined, T0)).toEqual({ action: 'schedule', eviction: { createdAt: T0 - 10_000, fireAt: T0 + 290_000 } });
    expect(planPodEviction({ tolerations }, [unreachable()], undefined, T0)).toEqual({ action: 'schedule', eviction: { createdAt: T0, fireAt: T0 + 300_000 } });
  });

  it('keeps an eviction already scheduled from its start, moving it only to an earlier time', () => {
    const scheduled = { createdAt: T0 - 50_000, fireAt: T0 + 250_000 };
    expect(planPodEviction({ tolerations: [tolerateUnreachable(300)] }, [unreachable(T0)], scheduled, T0)).toEqual({ action: 'keep' });
    expect(planPodEviction({ tolerations: [tolerateUnreachable(100)] }, [unreachable(T0)], scheduled, T0)).toEqual({ action: 'schedule', eviction: { createdAt: T0 - 50_000, fireAt: T0 + 50_000 } });
  });
});
