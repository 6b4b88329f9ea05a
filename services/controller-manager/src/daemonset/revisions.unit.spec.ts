import { applyStrategicMergePatch, BUILTIN_TYPES, type KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { newRevision, nextRevisionNumber, revisionData, revisionHash, revisionMatches, revisionsToDelete, splitRevisions } from './revisions.js';
import { daemonPod, daemonSet, DS_OWNER } from './testing/daemonset-objects.js';

const withImage = (image: string, extra: Record<string, unknown> = {}) =>
  daemonSet({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image }] } } }, extra);
const rev = (name: string, revision: number, image = 'nginx:1') => ({ ...newRevision(withImage(image), name, revision), metadata: { ...newRevision(withImage(image), name, revision).metadata, name: `web-${name}` } });

describe('revision hashing (ComputeHash)', () => {
  it('is a label-safe string that depends on the template and collisionCount, not on key order', () => {
    const hash = revisionHash(withImage('nginx:1'));
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(revisionHash(withImage('nginx:2'))).not.toBe(hash);
    const reordered = daemonSet({ template: { spec: { containers: [{ image: 'nginx:1', name: 'app' }] }, metadata: { labels: { app: 'web' } } } });
    expect(revisionHash(reordered)).toBe(hash);
    expect(revisionHash({ ...withImage('nginx:1'), status: { collisionCount: 1 } })).not.toBe(hash);
  });
});

describe('ControllerRevisions of a DaemonSet', () => {
  it('are named <ds>-<hash>, labelled, annotated like the DaemonSet, owned by it, and store the template as a replace patch', () => {
    const ds = withImage('nginx:1', { annotations: { 'kubernetes.io/change-cause': 'first' } });
    const r = newRevision(ds, 'h1', 3);
    expect(r).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'web-h1', namespace: 'ns', labels: { app: 'web', 'controller-revision-hash': 'h1' }, annotations: { 'kubernetes.io/change-cause': 'first' }, ownerReferences: [DS_OWNER] },
      data: { spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] }, $patch: 'replace' } } },
      revision: 3,
    });
  });

  it('their data, applied as kubectl rollout undo does, puts the template back whole', () => {
    const current = withImage('nginx:2');
    (current['spec'] as { template: { spec: Record<string, unknown> } }).template.spec['hostNetwork'] = true;
    const dsType = BUILTIN_TYPES.kindOf('apps/v1', 'DaemonSet')!;
    const undone = applyStrategicMergePatch(current, revisionData(withImage('nginx:1')), BUILTIN_TYPES, dsType) as KubeObject;
    expect((undone['spec'] as { template: unknown }).template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } });
    expect(revisionMatches(undone, newRevision(withImage('nginx:1'), 'h', 1))).toBe(true);
  });

  it('split into the current one and old ones; the current is numbered past the old', () => {
    const revisions = [rev('a', 1, 'nginx:0'), rev('b', 4, 'nginx:1'), rev('c', 2, 'nginx:2')];
    const { current, old } = splitRevisions(withImage('nginx:1'), revisions);
    expect(current.map((r) => r.metadata?.name)).toEqual(['web-b']);
    expect(nextRevisionNumber(old)).toBe(3);
    expect(nextRevisionNumber([])).toBe(1);
  });

  it('beyond revisionHistoryLimit the oldest old revisions go, except those live pods still run', () => {
    const ds = daemonSet({ revisionHistoryLimit: 2 });
    const old = [rev('h3', 3), rev('h1', 1), rev('h2', 2), rev('h4', 4)];
    const victims = revisionsToDelete(ds, old, [daemonPod('p', 'a', { hash: 'h1' })]);
    expect(victims.map((r) => r.metadata?.name)).toEqual(['web-h2', 'web-h3']);
    expect(revisionsToDelete(daemonSet(), old, [])).toEqual([]);
  });
});
