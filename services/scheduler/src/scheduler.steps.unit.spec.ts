import { describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { reconcileBind, type BindDeps } from './scheduler.reconcile-bind.js';
import { reconcileUnschedulable, type UnschedulableDeps } from './scheduler.reconcile-unschedulable.js';

class FakeApiError extends Error {
  constructor(readonly code: number) {
    super(`HTTP ${code}`);
  }
}
const isCode = (code: number) => (err: unknown) => err instanceof FakeApiError && err.code === code;

const pod = (conditions?: object[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7' },
  spec: { containers: [] },
  ...(conditions && { status: { conditions } }),
});
const MESSAGE = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';

function bindDeps(bind: BindDeps['bind']) {
  const deps = { bind, isConflict: isCode(409), isNotFound: isCode(404), event: vi.fn(), log: vi.fn() } satisfies BindDeps;
  return deps;
}

describe('reconcileBind', () => {
  it('binds, then records Scheduled "Successfully assigned <ns>/<pod> to <node>"', async () => {
    const deps = bindDeps(vi.fn(async () => undefined));
    expect(await reconcileBind(pod(), 'node-a', deps)).toBe('continue');
    expect(deps.bind).toHaveBeenCalledWith(pod(), 'node-a');
    expect(deps.event).toHaveBeenCalledWith(pod(), 'Normal', 'Scheduled', 'Successfully assigned default/web to node-a');
  });

  it('treats a 409 (bound already, e.g. before a restart) or a 404 as done, without an event', async () => {
    for (const code of [409, 404]) {
      const deps = bindDeps(vi.fn(async () => Promise.reject(new FakeApiError(code))));
      expect(await reconcileBind(pod(), 'node-a', deps)).toBe('continue');
      expect(deps.event).not.toHaveBeenCalled();
    }
  });

  it('asks for another attempt on any other failure', async () => {
    const deps = bindDeps(vi.fn(async () => Promise.reject(new FakeApiError(503))));
    expect(await reconcileBind(pod(), 'node-a', deps)).toBe('requeue');
    expect(deps.event).not.toHaveBeenCalled();
  });
});

function unschedulableDeps(overrides: Partial<UnschedulableDeps> = {}) {
  return {
    patchStatus: vi.fn(async () => undefined),
    getPod: vi.fn(async () => undefined),
    isConflict: isCode(409),
    isNotFound: isCode(404),
    event: vi.fn(),
    log: vi.fn(),
    now: () => new Date('2026-01-02T03:04:05.678Z'),
    ...overrides,
  } satisfies UnschedulableDeps;
}

describe('reconcileUnschedulable', () => {
  it('records FailedScheduling and sets PodScheduled=False/Unschedulable with the message, keeping the other conditions', async () => {
    const deps = unschedulableDeps();
    const other = { type: 'Custom', status: 'True' };
    expect(await reconcileUnschedulable(pod([other]), MESSAGE, deps)).toBe('continue');
    expect(deps.event).toHaveBeenCalledWith(pod([other]), 'Warning', 'FailedScheduling', MESSAGE);
    expect(deps.patchStatus).toHaveBeenCalledWith(pod([other]), {
      metadata: { resourceVersion: '7' },
      status: {
        conditions: [other, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: MESSAGE, lastProbeTime: null, lastTransitionTime: '2026-01-02T03:04:05Z' }],
      },
    });
  });

  it('keeps lastTransitionTime while the status stays False, and writes nothing when the condition says it already', async () => {
    const patchStatus = vi.fn(async (_pod: KubeObject, _patch: Record<string, unknown>) => undefined);
    const deps = unschedulableDeps({ patchStatus });
    const before = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'older message', lastTransitionTime: '2025-12-31T00:00:00Z' };
    await reconcileUnschedulable(pod([before]), MESSAGE, deps);
    const patch = patchStatus.mock.calls[0]![1] as { status: { conditions: Array<{ lastTransitionTime: string; message: string }> } };
    expect(patch.status.conditions[0]).toMatchObject({ message: MESSAGE, lastTransitionTime: '2025-12-31T00:00:00Z' });

    const same = unschedulableDeps();
    await reconcileUnschedulable(pod([{ ...before, message: MESSAGE }]), MESSAGE, same);
    expect(same.patchStatus).not.toHaveBeenCalled();
    expect(same.event).toHaveBeenCalledTimes(1); // the event is recorded on every failed attempt (the recorder counts repeats)
  });

  it('on a conflict reads the pod again and retries; a pod bound meanwhile needs nothing', async () => {
    const fresh = { ...pod(), metadata: { ...pod().metadata, resourceVersion: '9' } };
    const patchStatus = vi.fn().mockRejectedValueOnce(new FakeApiError(409)).mockResolvedValueOnce(undefined);
    const deps = unschedulableDeps({ patchStatus, getPod: vi.fn(async () => fresh) });
    expect(await reconcileUnschedulable(pod(), MESSAGE, deps)).toBe('continue');
    expect(patchStatus).toHaveBeenCalledTimes(2);
    expect((patchStatus.mock.calls[1]![1] as { metadata: object }).metadata).toEqual({ resourceVersion: '9' });

    const bound = { ...pod(), spec: { nodeName: 'node-a' } };
    const conflicted = unschedulableDeps({ patchStatus: vi.fn(async () => Promise.reject(new FakeApiError(409))), getPod: vi.fn(async () => bound) });
    expect(await reconcileUnschedulable(pod(), MESSAGE, conflicted)).toBe('continue');
    expect(conflicted.patchStatus).toHaveBeenCalledTimes(1);
  });

  it('asks for another attempt when the status cannot be written', async () => {
    const deps = unschedulableDeps({ patchStatus: vi.fn(async () => Promise.reject(new FakeApiError(500))) });
    expect(await reconcileUnschedulable(pod(), MESSAGE, deps)).toBe('requeue');
  });
});
