import { describe, expect, it } from 'vitest';
import { replicaSetObject as rs } from './testing/replica-set-object.js';
import { byRevision, maxRevision, newReplicaSetAnnotations, revisionOf } from './revision-annotations.js';

const deployment = (annotations: Record<string, string>) => ({ metadata: { name: 'web', annotations } });

describe('revisions', () => {
  it('are read from the revision annotation; the highest is the next one minus one; unreadable ones are skipped', () => {
    const list = [rs('a', 0, { revision: 3 }), rs('b', 0, { revision: 12 }), rs('c', 0), rs('d', 0, { annotations: { 'deployment.kubernetes.io/revision': 'x' } })];
    expect(list.map(revisionOf)).toEqual([3, 12, 0, undefined]);
    expect(maxRevision(list)).toBe(12);
    expect(maxRevision([])).toBe(0);
    expect(list.slice(0, 3).sort(byRevision).map((r) => r.metadata?.name)).toEqual(['c', 'a', 'b']);
    // Equal (or unreadable) revisions: the older first.
    expect([rs('late', 0, { revision: 2, created: 9 }), rs('early', 0, { revision: 2, created: 1 })].sort(byRevision).map((r) => r.metadata?.name)).toEqual(['early', 'late']);
  });

  it('a ReplicaSet about to be created gets the next revision, the replicas annotations and the Deployment\'s annotations but the controller\'s own', () => {
    const d = deployment({ 'kubernetes.io/change-cause': 'kubectl set image', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '7' });
    expect(newReplicaSetAnnotations(d, {}, 8, { desired: 3, max: 4 })).toEqual({
      annotations: { 'kubernetes.io/change-cause': 'kubectl set image', 'deployment.kubernetes.io/revision': '8', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
      changed: true,
    });
  });

  it('a ReplicaSet rolled back to gets the next revision and keeps its earlier ones in revision-history; an up-to-date one is unchanged', () => {
    const current = { 'deployment.kubernetes.io/revision': '1' };
    expect(newReplicaSetAnnotations(deployment({}), current, 3).annotations).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    const again = { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' };
    expect(newReplicaSetAnnotations(deployment({}), again, 5).annotations['deployment.kubernetes.io/revision-history']).toBe('1,3');
    expect(newReplicaSetAnnotations(deployment({}), again, 3)).toEqual({ annotations: again, changed: false });
    expect(newReplicaSetAnnotations(deployment({}), { 'deployment.kubernetes.io/revision': '9' }, 3).changed).toBe(false); // never lowered
  });

  it('keeps revision-history under 2,000 characters by dropping the oldest entries', () => {
    const long = Array.from({ length: 400 }, (_, i) => String(1000 + i)).join(',');
    const { annotations } = newReplicaSetAnnotations(deployment({}), { 'deployment.kubernetes.io/revision': '2000', 'deployment.kubernetes.io/revision-history': long }, 2001);
    const history = annotations['deployment.kubernetes.io/revision-history']!;
    expect(history.length).toBeLessThanOrEqual(2000);
    expect(history.endsWith(',1399,2000')).toBe(true);
    expect(history.startsWith('1000,')).toBe(false);
  });
});
