import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { reconcilePdb, type ReconcilePdbDeps } from './disruption.reconcile-pdb.js';
import { podEventHandler } from './disruption.event-handlers.js';

const NOW = new Date('2026-01-01T00:10:00Z');
const stamp = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
const pod = (name: string, ready: boolean, labels: Record<string, string> = { app: 'web' }): KubeObject => ({
  metadata: { name, namespace: 'ns', resourceVersion: '1', labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs', controller: true }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const pdb = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'ns', generation: 1, resourceVersion: '5' },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  status,
});

function fakes(budget: KubeObject, pods: KubeObject[], overrides: Partial<ReconcilePdbDeps> = {}) {
  const written: KubeObject[] = [];
  const events: string[] = [];
  const deps: ReconcilePdbDeps = {
    getPdb: (namespace, name) => (budget.metadata?.namespace === namespace && budget.metadata?.name === name ? budget : undefined),
    listPods: () => pods,
    findScale: (ref) => (ref.uid === 'rs' ? { uid: 'rs', scale: 4 } : undefined),
    updateStatus: async (object) => {
      written.push(object);
      return object;
    },
    event: (_object, type, reason) => events.push(`${type} ${reason}`),
    isConflict: (err) => (err as { reason?: string }).reason === 'Conflict',
    isNotFound: (err) => (err as { reason?: string }).reason === 'NotFound',
    now: () => NOW,
    log: () => undefined,
    ...overrides,
  };
  return { deps, written, events };
}

describe('disruption controller steps', () => {
  it('writes the status a minAvailable budget makes of its ready pods', async () => {
    const { deps, written } = fakes(pdb({ minAvailable: 3 }), [pod('a', true), pod('b', true), pod('c', true), pod('d', true), pod('other', true, { app: 'db' })]);
    expect(await reconcilePdb('ns/web', deps)).toBe('continue');
    expect(written.map((w) => w['status'])).toEqual([
      expect.objectContaining({ currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptionsAllowed: 1, observedGeneration: 1 }),
    ]);
    expect(written[0]!['status']).not.toHaveProperty('disruptedPods');
    expect(written[0]!.metadata?.resourceVersion).toBe('5');
  });

  it('counts a granted eviction as gone and comes back when the entry expires', async () => {
    const granted = stamp(new Date(NOW.getTime() - 30_000));
    const { deps, written } = fakes(pdb({ maxUnavailable: '25%' }, { disruptedPods: { a: granted } }), [pod('a', true), pod('b', true), pod('c', true), pod('d', false)]);
    expect(await reconcilePdb('ns/web', deps)).toEqual({ requeueAfterMs: 90_000 });
    expect(written[0]!['status']).toMatchObject({ currentHealthy: 2, desiredHealthy: 3, expectedPods: 4, disruptionsAllowed: 0, disruptedPods: { a: granted } });
  });

  it('fails safe when the expected pods cannot be counted: no disruption, SyncFailed, and the error thrown for a retry', async () => {
    const orphanOfJob = { ...pod('j', true), metadata: { ...pod('j', true).metadata, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'j', controller: true }] } };
    const { deps, written, events } = fakes(pdb({ maxUnavailable: 1 }, { disruptionsAllowed: 2 }), [orphanOfJob]);
    await expect(reconcilePdb('ns/web', deps)).rejects.toThrow('found no controllers for pod "j"');
    expect(events).toContain('Warning CalculateExpectedPodCountFailed');
    expect(written[0]!['status']).toMatchObject({ disruptionsAllowed: 0, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "j"' }] });
  });

  it('lets a conflict through without failing safe, and is done with a budget that is gone', async () => {
    const conflict = Object.assign(new Error('conflict'), { reason: 'Conflict' });
    const { deps, written } = fakes(pdb({ minAvailable: 1 }), [pod('a', true)], { updateStatus: () => Promise.reject(conflict) });
    await expect(reconcilePdb('ns/web', deps)).rejects.toBe(conflict);
    expect(written).toEqual([]);
    expect(await reconcilePdb('ns/missing', deps)).toBe('continue');
  });

  it('queues the budgets that select a pod, before and after a relabelling', () => {
    const queued: string[] = [];
    const db = { ...pdb({}), metadata: { name: 'db', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'db' } } } };
    const handler = podEventHandler({ listPdbs: () => [pdb({}), db], enqueue: (key) => queued.push(key) });
    handler.onAdd!(pod('a', true), false, undefined);
    handler.onUpdate!(pod('a', true), { ...pod('a', true, { app: 'db' }), metadata: { ...pod('a', true, { app: 'db' }).metadata, resourceVersion: '2' } }, undefined);
    expect(queued).toEqual(['ns/web', 'ns/web', 'ns/db']);
  });
});
