import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { jobEventHandler, podEventHandler } from './job.event-handlers.js';

const FINALIZER = 'batch.kubernetes.io/job-tracking';
const job = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, namespace: 'ns', uid: `${name}-uid` },
  spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': `${name}-uid` } } },
  ...extra,
});
const pod = (name: string, o: { owner?: string; finalizer?: boolean; deleting?: boolean; rv?: string; labels?: Record<string, string> } = {}): KubeObject => ({
  metadata: {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    resourceVersion: o.rv ?? '1',
    labels: o.labels ?? {},
    ...(o.owner && { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: o.owner, uid: `${o.owner}-uid`, controller: true }] }),
    ...(o.finalizer && { finalizers: [FINALIZER] }),
    ...(o.deleting && { deletionTimestamp: '2026-03-01T12:00:00Z' }),
  },
});
const finished = { status: { conditions: [{ type: 'Complete', status: 'True' }] } };

function handlers(jobs: KubeObject[], pods: KubeObject[] = []) {
  const queued: string[] = [];
  const orphans: string[] = [];
  const deps = { enqueue: (key: string) => void queued.push(key), enqueueOrphanPod: (key: string) => void orphans.push(key) };
  const podHandler = podEventHandler({ ...deps, getJob: (_ns, name) => jobs.find((j) => j.metadata?.name === name), listJobs: () => jobs });
  const jobHandler = jobEventHandler({ ...deps, forgetExpectations: () => undefined, ownedPods: (_ns, uid) => pods.filter((p) => (p.metadata?.['ownerReferences'] as Array<{ uid: string }> | undefined)?.[0]?.uid === uid) });
  return { podHandler, jobHandler, queued, orphans };
}

describe('Job controller event handlers', () => {
  it('a pod wakes the Job its controller reference names, once per change', () => {
    const h = handlers([job('pi')]);
    h.podHandler.onAdd?.(pod('a', { owner: 'pi' }), false);
    h.podHandler.onUpdate?.(pod('a', { owner: 'pi' }), pod('a', { owner: 'pi' }));
    h.podHandler.onUpdate?.(pod('a', { owner: 'pi' }), pod('a', { owner: 'pi', rv: '2' }));
    expect(h.queued).toEqual(['ns/pi', 'ns/pi']);
    expect(h.orphans).toEqual([]);
  });

  it('an orphan with the finalizer goes to the orphan queue, and to the Jobs whose selector matches it', () => {
    const h = handlers([job('pi'), job('other')]);
    h.podHandler.onAdd?.(pod('a', { finalizer: true, labels: { 'batch.kubernetes.io/controller-uid': 'pi-uid' } }), false);
    expect(h.orphans).toEqual(['ns/a']);
    expect(h.queued).toEqual(['ns/pi']);
  });

  it('a pod being deleted whose Job is gone or finished goes to the orphan queue, not to a sync', () => {
    const h = handlers([job('done', finished)]);
    h.podHandler.onUpdate?.(pod('a', { owner: 'gone', finalizer: true }), pod('a', { owner: 'gone', finalizer: true, deleting: true, rv: '2' }));
    h.podHandler.onDelete?.(pod('b', { owner: 'done', finalizer: true }));
    h.podHandler.onDelete?.(pod('c', { owner: 'done' }));
    expect(h.orphans).toEqual(['ns/a', 'ns/b']);
    expect(h.queued).toEqual([]);
  });

  it('a deleted or finished Job hands its pods that still hold the finalizer to the orphan queue', () => {
    const pods = [pod('a', { owner: 'pi', finalizer: true }), pod('b', { owner: 'pi' }), pod('c', { owner: 'other', finalizer: true })];
    const h = handlers([], pods);
    h.jobHandler.onDelete?.(job('pi'));
    expect(h.orphans).toEqual(['ns/a']);
    h.jobHandler.onUpdate?.(job('pi'), job('pi', finished));
    expect(h.orphans).toEqual(['ns/a', 'ns/a']);
    expect(h.queued).toEqual(['ns/pi', 'ns/pi']);
  });
});
