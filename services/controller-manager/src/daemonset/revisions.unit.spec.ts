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

  it("of a template with the characters Go's JSON escapes is what it has been (the apiserver's escaping rolls no DaemonSet)", () => {
    const ds = daemonSet({ template: { metadata: { labels: { app: 'web' }, annotations: { note: 'a<b>&c\u2028d' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } } });
    expect(revisionHash(ds)).toBe('6d5696d645');
    // The revision stores the strings themselves; the apiserver escapes them as it writes the data.
    expect((revisionData(ds)['spec'] as { template: { metadata: { annotations: { note: string } } } }).template.metadata.annotations.note).toBe('a<b>&c\u2028d');
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
      data: { spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1', resources: {} }] }, $patch: 'replace' } } },
      revision: 3,
    });
  });

  it('their data, applied as kubectl rollout undo does, puts the template back whole', () => {
    const current = withImage('nginx:2');
    (current['spec'] as { template: { spec: Record<string, unknown> } }).template.spec['hostNetwork'] = true;
    const dsType = BUILTIN_TYPES.kindOf('apps/v1', 'DaemonSet')!;
    const undone = applyStrategicMergePatch(current, revisionData(withImage('nginx:1')), BUILTIN_TYPES, dsType) as KubeObject;
    expect((undone['spec'] as { template: unknown }).template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1', resources: {} }] } });
    expect(revisionMatches(undone, newRevision(withImage('nginx:1'), 'h', 1))).toBe(true);
  });

  it('store the template as the bytes kubectl computes from the DaemonSet (Go: keys sorted, value zeros and nulls out, resources {}), so undo to it is skipped', () => {
    // As the apiserver returns it: jsonb's key order, a protobuf body's zeros, kubectl's null creationTimestamp.
    const ds = daemonSet({
      template: {
        spec: {
          volumes: [{ name: 'logs', hostPath: { path: '/var/log', type: '' } }],
          dnsPolicy: 'ClusterFirst',
          hostNetwork: false,
          containers: [
            {
              tty: false,
              name: 'agent',
              image: 'registry.example/agent:1',
              stdin: false,
              env: [{ name: 'MODE', value: 'fast' }],
              ports: [{ protocol: 'TCP', containerPort: 9100, hostPort: 0 }],
              volumeMounts: [{ name: 'logs', readOnly: false, mountPath: '/logs' }],
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
        metadata: { labels: { app: 'agent' }, creationTimestamp: null },
      },
    });
    expect(JSON.stringify(revisionData(ds))).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"env":[{"name":"MODE","value":"fast"}],' +
        '"image":"registry.example/agent:1","imagePullPolicy":"IfNotPresent","name":"agent","ports":[{"containerPort":9100,"protocol":"TCP"}],"resources":{},' +
        '"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","volumeMounts":[{"mountPath":"/logs","name":"logs"}]}],' +
        '"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30,' +
        '"volumes":[{"hostPath":{"path":"/var/log","type":""},"name":"logs"}]}}}}',
    );
  });

  it('stored before the data took Go\'s form still match the DaemonSet: no rollout', () => {
    const ds = withImage('nginx:1');
    const before = { ...newRevision(ds, 'h', 1), data: { spec: { template: { spec: { containers: [{ image: 'nginx:1', name: 'app', stdin: false }] }, metadata: { labels: { app: 'web' } }, $patch: 'replace' } } } };
    expect(revisionMatches(ds, before)).toBe(true);
    expect(revisionMatches(withImage('nginx:2'), before)).toBe(false);
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
