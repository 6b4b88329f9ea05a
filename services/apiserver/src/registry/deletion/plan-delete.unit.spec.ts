import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { planDelete, shouldDeleteDuringUpdate, type GracePeriodFn } from './plan-delete.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const CM = { group: '', kind: 'ConfigMap' };
const cm = (meta: Record<string, unknown> = {}): KubeObject => ({ kind: 'ConfigMap', metadata: { name: 'c', uid: 'u1', resourceVersion: '7', generation: 1, ...meta } });
const grace: GracePeriodFn = (object, requested) => ((object['spec'] as { nodeName?: string } | undefined)?.nodeName ? (requested ?? 30) : 0);
const pod = (meta: Record<string, unknown> = {}, nodeName?: string): KubeObject => ({ kind: 'Pod', metadata: { name: 'p', uid: 'u2', resourceVersion: '9', generation: 1, ...meta }, spec: { ...(nodeName && { nodeName }) } });

describe('planDelete', () => {
  it('removes an object without finalizers at once', () => {
    expect(planDelete(cm(), {}, CM, undefined, NOW)).toEqual({ kind: 'delete' });
    expect(planDelete(cm(), { propagationPolicy: 'Background' }, CM, undefined, NOW)).toEqual({ kind: 'delete' });
  });

  it('keeps an object with finalizers: deletionTimestamp now, grace 0, generation bumped once', () => {
    const plan = planDelete(cm({ finalizers: ['example.com/hold'] }), {}, CM, undefined, NOW);
    expect(plan).toEqual({
      kind: 'update',
      thenDelete: false,
      object: cm({ finalizers: ['example.com/hold'], deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, generation: 2 }),
    });
    const again = planDelete((plan as { object: KubeObject }).object, {}, CM, undefined, NOW + 5000);
    expect(again).toMatchObject({ kind: 'update', object: { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z', generation: 2 } } });
  });

  it('records the garbage collector finalizers of Orphan and Foreground', () => {
    expect(planDelete(cm(), { propagationPolicy: 'Orphan' }, CM, undefined, NOW)).toMatchObject({ kind: 'update', object: { metadata: { finalizers: ['orphan'], deletionGracePeriodSeconds: 0 } } });
    expect(planDelete(cm(), { propagationPolicy: 'Foreground' }, CM, undefined, NOW)).toMatchObject({ kind: 'update', object: { metadata: { finalizers: ['foregroundDeletion'] } } });
    expect(planDelete(cm(), { orphanDependents: true }, CM, undefined, NOW)).toMatchObject({ object: { metadata: { finalizers: ['orphan'] } } });
    // Background drops an orphan finalizer a previous delete left, and then nothing holds the object.
    expect(planDelete(cm({ finalizers: ['orphan'] }), { propagationPolicy: 'Background' }, CM, undefined, NOW)).toEqual({ kind: 'delete' });
  });

  it('checks preconditions with upstream messages', () => {
    expect(() => planDelete(cm(), { preconditions: { uid: 'other' } }, CM, undefined, NOW)).toThrow(
      'Operation cannot be fulfilled on ConfigMap "c": the UID in the precondition (other) does not match the UID in record (u1). The object might have been deleted and then recreated',
    );
    expect(() => planDelete(cm(), { preconditions: { resourceVersion: '6' } }, CM, undefined, NOW)).toThrow(
      'Operation cannot be fulfilled on ConfigMap "c": the ResourceVersion in the precondition (6) does not match the ResourceVersion in record (7). The object might have been modified',
    );
  });

  it('deletes pods gracefully: a bound pod gets its grace period, an unbound one is marked and removed', () => {
    expect(planDelete(pod({}, 'node-1'), {}, { group: '', kind: 'Pod' }, grace, NOW)).toMatchObject({
      kind: 'update',
      thenDelete: false,
      object: { metadata: { deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30, generation: 2 } },
    });
    expect(planDelete(pod(), {}, { group: '', kind: 'Pod' }, grace, NOW)).toMatchObject({ kind: 'update', thenDelete: true, object: { metadata: { deletionGracePeriodSeconds: 0 } } });
    const terminating = pod({ deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 }, 'node-1');
    expect(planDelete(terminating, {}, { group: '', kind: 'Pod' }, grace, NOW)).toEqual({ kind: 'pending' });
    expect(planDelete(terminating, { gracePeriodSeconds: 60 }, { group: '', kind: 'Pod' }, grace, NOW)).toEqual({ kind: 'pending' });
    // A shorter grace period moves the deadline; 0 (the kubelet's final delete) removes it.
    expect(planDelete(terminating, { gracePeriodSeconds: 10 }, { group: '', kind: 'Pod' }, grace, NOW)).toMatchObject({ kind: 'update', thenDelete: false, object: { metadata: { deletionTimestamp: '2026-01-01T00:00:10Z', deletionGracePeriodSeconds: 10 } } });
    expect(planDelete(terminating, { gracePeriodSeconds: 0 }, { group: '', kind: 'Pod' }, grace, NOW)).toMatchObject({ kind: 'update', thenDelete: true });
  });

  it('says when an update that empties finalizers deletes', () => {
    const marked = cm({ finalizers: ['x'], deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 });
    expect(shouldDeleteDuringUpdate(cm({ deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 }), marked)).toBe(true);
    expect(shouldDeleteDuringUpdate(marked, marked)).toBe(false);
    expect(shouldDeleteDuringUpdate(cm(), cm({ finalizers: ['x'] }))).toBe(false);
    const graceful = cm({ finalizers: ['x'], deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    expect(shouldDeleteDuringUpdate(cm({ deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 }), graceful)).toBe(false);
  });
});
