import { applyStrategicMergePatch, BUILTIN_TYPES, type KubeObject } from '@kubeledger/api';
import { describe, expect, it, vi } from 'vitest';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { FinalizerExpectations } from './finalizer-expectations.js';
import { reconcileJob, type ReconcileJobDeps } from './job.reconcile-job.js';
import { reconcileOrphanPod } from './job.orphan-pod.js';
import type { BackoffRecord } from './pod-failure-backoff.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const podType = BUILTIN_TYPES.kindOf('v1', 'Pod')!;
const apiError = (code: number, reason: string) => Object.assign(new Error(reason), { code, reason });
const is = (code: number) => (err: unknown) => (err as { code?: number }).code === code;
const FINALIZER = 'batch.kubernetes.io/job-tracking';
const OWNER = { apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true };
const LABELS = { 'batch.kubernetes.io/controller-uid': 'job-uid', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'job-uid', 'job-name': 'pi' };

const job = (spec: Record<string, unknown> = {}, status?: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'ns', uid: 'job-uid', generation: 1, resourceVersion: '50', ...meta },
  spec: {
    parallelism: 2,
    completions: 3,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
    template: { metadata: { labels: LABELS }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    ...spec,
  },
  ...(status && { status }),
});

/**
 * The apiserver and the informers' caches, apart: writes land on the server at once; the caches
 * show them only after `catchUp()`. `kubelet(name, phase)` finishes a pod on the server.
 */
function cluster(initial: { job?: KubeObject; pods?: KubeObject[] } = {}) {
  let revision = 100;
  let generated = 0;
  let now = T0;
  const server = { jobs: new Map<string, KubeObject>([['pi', initial.job ?? job()]]), pods: new Map((initial.pods ?? []).map((p) => [p.metadata?.name ?? '', p])) };
  const cache = { jobs: [...server.jobs.values()], pods: [...server.pods.values()], revision };
  const stored = <T extends KubeObject>(o: T): T => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(++revision) } });
  const writes: string[] = [];
  const deps = {
    getJob: (_ns: string, name: string) => cache.jobs.find((j) => j.metadata?.name === name),
    getPod: (_ns: string, name: string) => cache.pods.find((p) => p.metadata?.name === name),
    listOwnedPods: (_ns: string, uid: string) => cache.pods.filter((p) => controllerRefOf(p)?.uid === uid),
    listOrphanPods: () => cache.pods.filter((p) => !controllerRefOf(p)),
    podsRevision: () => cache.revision,
    expectations: new ReplicaExpectations(),
    finalizerExpectations: new FinalizerExpectations(),
    backoff: new Map<string, BackoffRecord>(),
    createPod: vi.fn<ReconcileJobDeps['createPod']>(async (_ns, p) => {
      const name = `${p.metadata?.['generateName']}${String(++generated).padStart(5, '0')}`;
      const created = stored({ ...p, metadata: { ...p.metadata, name, uid: `${name}-uid`, creationTimestamp: iso(now) }, status: { phase: 'Pending' } });
      server.pods.set(name, created);
      writes.push(`create ${name}`);
      return created;
    }),
    deletePod: vi.fn<ReconcileJobDeps['deletePod']>(async (_ns, name) => {
      const current = server.pods.get(name);
      if (!current) throw apiError(404, 'NotFound');
      writes.push(`delete ${name}`);
      if (((current.metadata?.['finalizers'] as string[] | undefined) ?? []).length > 0) server.pods.set(name, stored({ ...current, metadata: { ...current.metadata, deletionTimestamp: iso(now) } }));
      else server.pods.delete(name);
    }),
    patchPod: vi.fn<ReconcileJobDeps['patchPod']>(async (_ns, name, patch) => {
      const current = server.pods.get(name);
      if (!current) throw apiError(404, 'NotFound');
      const patched = stored(applyStrategicMergePatch(current, patch, BUILTIN_TYPES, podType) as KubeObject);
      writes.push(`patch ${name} finalizers=${JSON.stringify(patched.metadata?.['finalizers'] ?? [])}`);
      // A pod being deleted is gone once its last finalizer is.
      if (patched.metadata?.['deletionTimestamp'] && ((patched.metadata?.['finalizers'] as string[] | undefined) ?? []).length === 0) server.pods.delete(name);
      else server.pods.set(name, patched);
      return patched;
    }),
    getFreshJob: async (_ns: string, name: string) => server.jobs.get(name)!,
    updateStatus: vi.fn<ReconcileJobDeps['updateStatus']>(async (j) => {
      const current = server.jobs.get(j.metadata?.name ?? '');
      if (current?.metadata?.resourceVersion !== j.metadata?.resourceVersion) throw apiError(409, 'Conflict');
      const written = stored({ ...current, status: j['status'] });
      server.jobs.set(j.metadata?.name ?? '', written);
      writes.push(`status ${statusLine(written)}`);
      return written;
    }),
    event: vi.fn<ReconcileJobDeps['event']>(),
    isNotFound: is(404),
    isInvalid: is(422),
    isNamespaceTerminating: () => false,
    podFailureBackoffMs: 10_000,
    now: () => new Date(now),
    log: () => undefined,
  } satisfies ReconcileJobDeps;
  return {
    deps,
    server,
    writes,
    catchUp(options: { pods?: boolean; jobs?: boolean } = {}) {
      if (options.jobs !== false) cache.jobs = [...server.jobs.values()];
      if (options.pods === false) return;
      cache.pods = [...server.pods.values()];
      cache.revision = revision;
    },
    advance: (ms: number) => void (now += ms),
    /** The kubelet runs a pod to an end (and stops a deleted one: it is gone once no finalizer holds it). */
    kubelet(name: string, phase: 'Running' | 'Succeeded' | 'Failed', ready = phase === 'Running') {
      const p = server.pods.get(name)!;
      const status = { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containerStatuses: phase === 'Running' ? [] : [{ state: { terminated: { finishedAt: iso(now) } } }] };
      server.pods.set(name, stored({ ...p, spec: { ...(p['spec'] as object), nodeName: 'node-1' }, status }));
    },
    podNames: () => [...server.pods.keys()].sort(),
    events: () => deps.event.mock.calls.map(([, type, reason, message]) => `${type} ${reason}: ${message}`),
    status: () => server.jobs.get('pi')?.['status'] as Record<string, unknown>,
    conditions: () => ((server.jobs.get('pi')?.['status'] as { conditions?: Array<{ type: string; reason: string }> }).conditions ?? []).map((c) => `${c.type}/${c.reason}`),
  };
}

function statusLine(j: KubeObject): string {
  const s = (j['status'] ?? {}) as Record<string, unknown>;
  const u = (s['uncountedTerminatedPods'] ?? {}) as { succeeded?: string[]; failed?: string[] };
  return `active=${s['active'] ?? 0} succeeded=${s['succeeded'] ?? 0} failed=${s['failed'] ?? 0} uncounted=${JSON.stringify([...(u.succeeded ?? []), ...(u.failed ?? [])])}`;
}

/** Runs syncs, each after the caches caught up, until one changes nothing on the server. */
async function settle(c: ReturnType<typeof cluster>, max = 10) {
  for (let i = 0; i < max; i++) {
    c.catchUp();
    const before = c.writes.length;
    await reconcileJob('ns/pi', c.deps);
    if (c.writes.length === before) return;
  }
  throw new Error('no steady state');
}

describe('reconcileJob: creating pods', () => {
  it('creates parallelism pods from the template, owned, with the tracking finalizer; the status says so; none again before the cache shows them', async () => {
    const c = cluster();
    await reconcileJob('ns/pi', c.deps);
    expect(c.podNames()).toEqual(['pi-00001', 'pi-00002']);
    const pod = c.server.pods.get('pi-00001')!;
    expect(pod.metadata).toMatchObject({ generateName: 'pi-', labels: LABELS, finalizers: [FINALIZER], ownerReferences: [OWNER] });
    expect(c.events()).toEqual(['Normal SuccessfulCreate: Created pod: pi-00001', 'Normal SuccessfulCreate: Created pod: pi-00002']);
    expect(c.status()).toEqual({ startTime: '2026-03-01T12:00:00Z', active: 2, uncountedTerminatedPods: {}, ready: 0, terminating: 0 });
    c.catchUp({ pods: false });
    await reconcileJob('ns/pi', c.deps);
    expect(c.deps.createPod).toHaveBeenCalledTimes(2);
    c.catchUp();
    await reconcileJob('ns/pi', c.deps);
    expect(c.deps.createPod).toHaveBeenCalledTimes(2);
  });
});

describe('reconcileJob: counting finished pods', () => {
  it('lists a finished pod as uncounted, then removes its finalizer, then counts it; completes with SuccessCriteriaMet then Complete', async () => {
    const c = cluster({ job: job({ completions: 2 }) });
    await settle(c);
    c.kubelet('pi-00001', 'Succeeded');
    c.kubelet('pi-00002', 'Running');
    c.writes.length = 0;
    c.catchUp();
    await reconcileJob('ns/pi', c.deps);
    expect(c.writes).toEqual([
      'status active=1 succeeded=0 failed=0 uncounted=["pi-00001-uid"]',
      'patch pi-00001 finalizers=[]',
      'status active=1 succeeded=1 failed=0 uncounted=[]',
    ]);
    expect(c.status()).toMatchObject({ active: 1, ready: 1, succeeded: 1 });
    c.kubelet('pi-00002', 'Succeeded');
    await settle(c);
    expect(c.conditions()).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    expect(c.status()).toMatchObject({ succeeded: 2, ready: 0, terminating: 0, completionTime: '2026-03-01T12:00:00Z', uncountedTerminatedPods: {} });
    expect(c.status()['active']).toBeUndefined();
    expect(c.events()).toContain('Normal Completed: Job completed');
    expect(c.deps.createPod).toHaveBeenCalledTimes(2);
  });

  it('never counts a pod twice: not when its finalizer removal failed, nor when the pod cache has not shown the removal yet', async () => {
    const c = cluster({ job: job({ completions: 2, parallelism: 1 }) });
    await settle(c);
    c.kubelet('pi-00001', 'Succeeded');
    c.catchUp();
    c.deps.patchPod.mockRejectedValueOnce(apiError(500, 'InternalError'));
    await expect(reconcileJob('ns/pi', c.deps)).rejects.toThrow('InternalError');
    expect(c.status()).toMatchObject({ uncountedTerminatedPods: { succeeded: ['pi-00001-uid'] } });
    expect(c.status()['succeeded']).toBeUndefined();
    // The retry: the pod is listed already; its finalizer goes and it is counted once.
    c.catchUp();
    await reconcileJob('ns/pi', c.deps);
    expect(c.status()).toMatchObject({ succeeded: 1, uncountedTerminatedPods: {} });
    // The Job's status shows in the cache, the pod's finalizer removal not yet.
    c.catchUp({ pods: false });
    await reconcileJob('ns/pi', c.deps);
    expect(c.status()['succeeded']).toBe(1);
    await settle(c);
    expect(c.status()['succeeded']).toBe(1);
    expect(c.podNames()).toEqual(['pi-00001', 'pi-00002']);
  });
});

describe('reconcileJob: failures', () => {
  it('replaces a failed pod only after the backoff, and fails the Job past backoffLimit: FailureTarget, then Failed', async () => {
    const c = cluster({ job: job({ completions: 1, parallelism: 1, backoffLimit: 1 }) });
    await settle(c);
    c.kubelet('pi-00001', 'Failed');
    c.catchUp();
    expect(await reconcileJob('ns/pi', c.deps)).toEqual({ requeueAfterMs: 10_000 });
    expect(c.status()).toMatchObject({ failed: 1 });
    expect(c.podNames()).toEqual(['pi-00001']);
    c.advance(10_000);
    await settle(c);
    expect(c.podNames()).toEqual(['pi-00001', 'pi-00002']);
    c.kubelet('pi-00002', 'Failed');
    c.catchUp();
    c.writes.length = 0;
    await reconcileJob('ns/pi', c.deps);
    expect(c.writes).toEqual(['status active=0 succeeded=0 failed=1 uncounted=["pi-00002-uid"]', 'patch pi-00002 finalizers=[]', 'status active=0 succeeded=0 failed=2 uncounted=[]']);
    expect(c.conditions()).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    expect((c.status()['conditions'] as Array<{ message: string }>)[1]!.message).toBe('Job has reached the specified backoff limit');
    expect(c.events()).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
    await settle(c);
    expect(c.podNames()).toEqual(['pi-00001', 'pi-00002']);
  });

  it('past activeDeadlineSeconds, deletes the active pods and counts them failed; Failed only once none is terminating', async () => {
    const c = cluster({ job: job({ completions: 1, parallelism: 1, activeDeadlineSeconds: 2 }) });
    await settle(c);
    c.kubelet('pi-00001', 'Running');
    c.catchUp();
    expect(await reconcileJob('ns/pi', c.deps)).toEqual({ requeueAfterMs: 2000 });
    c.advance(2000);
    c.catchUp();
    await reconcileJob('ns/pi', c.deps);
    expect(c.deps.deletePod).toHaveBeenCalledWith('ns', 'pi-00001', 'pi-00001-uid');
    expect(c.events()).toContain('Normal SuccessfulDelete: Deleted pod: pi-00001');
    // The finalizer was the last thing holding the deleted pod.
    expect(c.podNames()).toEqual([]);
    expect(c.conditions()).toEqual(['FailureTarget/DeadlineExceeded']);
    expect(c.status()).toMatchObject({ failed: 1, terminating: 1 });
    await settle(c);
    expect(c.conditions()).toEqual(['FailureTarget/DeadlineExceeded', 'Failed/DeadlineExceeded']);
    expect(c.status()).toMatchObject({ failed: 1, terminating: 0 });
    expect(c.events()).toContain('Warning DeadlineExceeded: Job was active longer than specified deadline');
  });
});

describe('reconcileJob: Indexed, suspend, orphans', () => {
  it('an Indexed Job runs one pod per pending index and records completedIndexes', async () => {
    const c = cluster({ job: job({ completionMode: 'Indexed', completions: 3, parallelism: 2 }) });
    await settle(c);
    expect(c.podNames()).toEqual(['pi-0-00001', 'pi-1-00002']);
    c.kubelet('pi-1-00002', 'Succeeded');
    await settle(c);
    expect(c.status()).toMatchObject({ completedIndexes: '1', succeeded: 1, active: 2 });
    expect(c.podNames()).toEqual(['pi-0-00001', 'pi-1-00002', 'pi-2-00003']);
    c.kubelet('pi-0-00001', 'Succeeded');
    c.kubelet('pi-2-00003', 'Succeeded');
    await settle(c);
    expect(c.status()).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
    expect(c.status()['uncountedTerminatedPods']).toEqual({});
    expect(c.conditions()).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
  });

  it('suspending deletes the active pods without counting them as failed; resuming creates them again', async () => {
    const c = cluster();
    await settle(c);
    c.server.jobs.set('pi', { ...c.server.jobs.get('pi')!, spec: { ...(c.server.jobs.get('pi')!['spec'] as object), suspend: true } });
    await settle(c);
    expect(c.podNames()).toEqual([]);
    expect(c.conditions()).toEqual(['Suspended/JobSuspended']);
    expect(c.status()['failed']).toBeUndefined();
    expect(c.events()).toContain('Normal Suspended: Job suspended');
    c.server.jobs.set('pi', { ...c.server.jobs.get('pi')!, spec: { ...(c.server.jobs.get('pi')!['spec'] as object), suspend: false } });
    await settle(c);
    expect(c.podNames()).toHaveLength(2);
    expect(c.conditions()).toEqual(['Suspended/JobResumed']);
  });

  it('adopts an orphan pod its selector matches with the tracking finalizer in the same patch, and counts it', async () => {
    const orphan: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', namespace: 'ns', uid: 'stray-uid', resourceVersion: '7', labels: LABELS, finalizers: ['example.com/keep'] },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const c = cluster({ job: job({ completions: 1, parallelism: 1 }), pods: [orphan] });
    await reconcileJob('ns/pi', c.deps);
    expect(c.deps.patchPod).toHaveBeenCalledTimes(1);
    expect(c.deps.patchPod.mock.calls[0]![2]).toEqual({ metadata: { ownerReferences: [OWNER], finalizers: [FINALIZER], uid: 'stray-uid', resourceVersion: '7' } });
    expect(c.server.pods.get('stray')!.metadata).toMatchObject({ ownerReferences: [OWNER] });
    expect([...(c.server.pods.get('stray')!.metadata?.['finalizers'] as string[])].sort()).toEqual([FINALIZER, 'example.com/keep']);
    // The adopted pod is the one active pod: none created.
    expect(c.deps.createPod).not.toHaveBeenCalled();
    expect(c.status()).toMatchObject({ active: 1, ready: 1 });
    // Once it succeeds it is counted, and only the tracking finalizer goes.
    c.kubelet('stray', 'Succeeded');
    await settle(c);
    expect(c.status()).toMatchObject({ succeeded: 1 });
    expect(c.server.pods.get('stray')!.metadata?.['finalizers']).toEqual(['example.com/keep']);
    expect(c.conditions()).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
  });

  it('the orphan queue frees a pod whose Job is gone, and leaves one of a live Job alone', async () => {
    const c = cluster();
    await settle(c);
    expect(await reconcileOrphanPod('ns/pi-00001', c.deps)).toBe('continue');
    expect(c.deps.patchPod).not.toHaveBeenCalled();
    c.server.jobs.delete('pi');
    c.catchUp();
    await reconcileOrphanPod('ns/pi-00001', c.deps);
    expect(c.server.pods.get('pi-00001')!.metadata?.['finalizers']).toEqual([]);
  });
});

describe('reconcileJob: podFailurePolicy', () => {
  const POLICY = {
    rules: [
      { action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [42] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ],
  };
  const pfpJob = (spec: Record<string, unknown> = {}) => job({ completions: 1, parallelism: 1, podReplacementPolicy: 'Failed', podFailurePolicy: POLICY, ...spec });
  /** The kubelet ends a pod Failed with container `c` exiting `exitCode`, with `conditions`. */
  const fail = (c: ReturnType<typeof cluster>, name: string, exitCode: number, conditions: Array<Record<string, string>> = []) => {
    const p = c.server.pods.get(name)!;
    c.server.pods.set(name, { ...p, status: { phase: 'Failed', conditions, containerStatuses: [{ name: 'c', state: { terminated: { exitCode, finishedAt: '2026-03-01T12:00:00Z' } } }] } });
  };

  it('a FailJob rule matching: FailureTarget then Failed with reason PodFailurePolicy and upstream\'s message, other pods deleted, none created', async () => {
    const c = cluster({ job: pfpJob({ parallelism: 2, completions: 2, backoffLimit: 6 }) });
    await settle(c);
    c.kubelet('pi-00002', 'Running');
    fail(c, 'pi-00001', 42);
    await settle(c);
    const message = 'Container c for pod ns/pi-00001 failed with exit code 42 matching FailJob rule at index 0';
    expect(c.conditions()).toEqual(['FailureTarget/PodFailurePolicy', 'Failed/PodFailurePolicy']);
    expect((c.status()['conditions'] as Array<{ message: string }>).map((x) => x.message)).toEqual([message, message]);
    expect(c.deps.deletePod).toHaveBeenCalledWith('ns', 'pi-00002', 'pi-00002-uid');
    expect(c.status()).toMatchObject({ failed: 2, terminating: 0 });
    expect(c.events()).toContain(`Warning PodFailurePolicy: ${message}`);
    expect(c.deps.createPod).toHaveBeenCalledTimes(2);
  });

  it('an exit code no rule matches counts against backoffLimit as usual', async () => {
    const c = cluster({ job: pfpJob({ backoffLimit: 0 }) });
    await settle(c);
    fail(c, 'pi-00001', 1);
    await settle(c);
    expect(c.conditions()).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    expect(c.status()).toMatchObject({ failed: 1 });
  });

  it('an Ignore rule matching: the failure does not count against backoffLimit, its finalizer goes, and the pod is replaced', async () => {
    const c = cluster({ job: pfpJob({ backoffLimit: 0 }) });
    await settle(c);
    fail(c, 'pi-00001', 137, [{ type: 'DisruptionTarget', status: 'True' }]);
    c.catchUp();
    await reconcileJob('ns/pi', c.deps);
    expect(c.server.pods.get('pi-00001')!.metadata?.['finalizers']).toEqual([]);
    expect(c.status()['failed']).toBeUndefined();
    expect(c.status()['uncountedTerminatedPods']).toEqual({});
    expect(c.conditions()).toEqual([]);
    c.advance(10_000);
    await settle(c);
    expect(c.podNames()).toEqual(['pi-00001', 'pi-00002']);
    c.kubelet('pi-00002', 'Succeeded');
    await settle(c);
    expect(c.conditions()).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    expect(c.status()['failed']).toBeUndefined();
  });

  it('a pod being deleted is not counted failed, nor replaced, before it is Failed (only failed pods are replaced)', async () => {
    const c = cluster({ job: job({ completions: 1, parallelism: 1, podFailurePolicy: POLICY }) });
    await settle(c);
    c.kubelet('pi-00001', 'Running');
    const p = c.server.pods.get('pi-00001')!;
    c.server.pods.set('pi-00001', { ...p, metadata: { ...p.metadata, deletionTimestamp: '2026-03-01T12:00:00Z' } });
    await settle(c);
    expect(c.podNames()).toEqual(['pi-00001']);
    expect(c.status()).toMatchObject({ terminating: 1 });
    expect(c.status()['failed']).toBeUndefined();
    fail(c, 'pi-00001', 1);
    c.advance(10_000);
    await settle(c);
    expect(c.status()).toMatchObject({ failed: 1, terminating: 0 });
    // The deleted pod went with its finalizer; its replacement came once it was Failed.
    expect(c.podNames()).toEqual(['pi-00002']);
  });
});

describe('reconcileJob: backoffLimitPerIndex', () => {
  const perIndex = (spec: Record<string, unknown> = {}) => job({ completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 2147483647, backoffLimitPerIndex: 1, ...spec });
  const annotations = (c: ReturnType<typeof cluster>, name: string) => c.server.pods.get(name)!.metadata?.annotations as Record<string, string>;

  it('recreates a failed index with its failure count (keeping the failed pod until then), fails it past the limit, and fails the Job with FailedIndexes once every index is done', async () => {
    const c = cluster({ job: perIndex() });
    await settle(c);
    expect(c.podNames()).toEqual(['pi-0-00001', 'pi-1-00002', 'pi-2-00003']);
    expect(annotations(c, 'pi-1-00002')['batch.kubernetes.io/job-index-failure-count']).toBe('0');
    c.kubelet('pi-1-00002', 'Failed');
    c.catchUp();
    // The backoff of index 1 first; its failed pod keeps its finalizer meanwhile and is not counted yet.
    expect(await reconcileJob('ns/pi', c.deps)).toEqual({ requeueAfterMs: 10_000 });
    expect(c.server.pods.get('pi-1-00002')!.metadata?.['finalizers']).toEqual([FINALIZER]);
    expect(c.status()).toMatchObject({ failedIndexes: '' });
    c.advance(10_000);
    await settle(c);
    expect(c.podNames()).toEqual(['pi-0-00001', 'pi-1-00002', 'pi-1-00004', 'pi-2-00003']);
    expect(annotations(c, 'pi-1-00004')['batch.kubernetes.io/job-index-failure-count']).toBe('1');
    expect(c.server.pods.get('pi-1-00002')!.metadata?.['finalizers']).toEqual([]);
    expect(c.status()).toMatchObject({ failed: 1, failedIndexes: '' });
    // The second failure of index 1 fails it: no third pod; the others run on.
    c.kubelet('pi-1-00004', 'Failed');
    c.advance(60_000);
    await settle(c);
    expect(c.status()).toMatchObject({ failed: 2, failedIndexes: '1' });
    expect(c.podNames()).toHaveLength(4);
    expect(c.conditions()).toEqual([]);
    c.kubelet('pi-0-00001', 'Succeeded');
    c.kubelet('pi-2-00003', 'Succeeded');
    await settle(c);
    expect(c.status()).toMatchObject({ completedIndexes: '0,2', failedIndexes: '1', succeeded: 2, failed: 2 });
    expect(c.conditions()).toEqual(['FailureTarget/FailedIndexes', 'Failed/FailedIndexes']);
    expect(c.events()).toContain('Warning FailedIndexes: Job has failed indexes');
  });

  it('fails the Job once more indexes failed than maxFailedIndexes, deleting the pods still running', async () => {
    const c = cluster({ job: perIndex({ backoffLimitPerIndex: 0, maxFailedIndexes: 0 }) });
    await settle(c);
    c.kubelet('pi-0-00001', 'Failed');
    c.kubelet('pi-1-00002', 'Running');
    await settle(c);
    expect(c.conditions()).toEqual(['FailureTarget/MaxFailedIndexesExceeded', 'Failed/MaxFailedIndexesExceeded']);
    expect((c.status()['conditions'] as Array<{ message: string }>)[1]!.message).toBe('Job has exceeded the specified maximal number of failed indexes');
    expect(c.status()).toMatchObject({ failedIndexes: '0' });
    expect(c.deps.deletePod).toHaveBeenCalledWith('ns', 'pi-1-00002', 'pi-1-00002-uid');
    expect(c.deps.createPod).toHaveBeenCalledTimes(3);
  });
});
