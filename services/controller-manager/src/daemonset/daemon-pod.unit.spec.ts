import { describe, expect, it } from 'vitest';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { daemonPodFor, daemonPodTemplate, isPodUpdated, targetNodeName } from './daemon-pod.js';
import { DAEMONSET_KIND } from './daemonset-spec.js';
import { daemonPod, daemonSet, DS_OWNER } from './testing/daemonset-objects.js';

const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

describe('daemon pods (CreatePodTemplate, ReplaceDaemonSetPodNodeNameNodeAffinity)', () => {
  it('is the template with the revision labels and daemon tolerations, named <ds>-, owned by the DaemonSet and pinned to its node', () => {
    const ds = daemonSet({}, { annotations: { 'deprecated.daemonset.template.generation': '3' } });
    const pod = daemonPodFor(ds, daemonPodTemplate(ds, 'abc12'), 'node-1', newControllerRef(ds, DAEMONSET_KIND));
    expect(pod.metadata).toEqual({
      generateName: 'web-',
      namespace: 'ns',
      labels: { app: 'web', 'controller-revision-hash': 'abc12', 'pod-template-generation': '3' },
      ownerReferences: [DS_OWNER],
    });
    expect(pod['spec']).toEqual({
      containers: [{ name: 'app', image: 'nginx:1' }],
      tolerations: DAEMON_TOLERATIONS,
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }] } } },
    });
    expect(targetNodeName({ ...pod, spec: { ...(pod['spec'] as object) } })).toBe('node-1');
  });

  it('replaces a matching user toleration and the required node terms, keeps the rest', () => {
    const ds = daemonSet({
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          hostNetwork: true,
          tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'gpu', operator: 'Exists' }],
          affinity: {
            podAntiAffinity: { x: 1 },
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] },
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
            },
          },
        },
      },
    });
    const spec = daemonPodFor(ds, daemonPodTemplate(ds, 'h'), 'node-2', DS_OWNER)['spec'] as Record<string, unknown>;
    expect(spec['tolerations']).toEqual([DAEMON_TOLERATIONS[0], { key: 'gpu', operator: 'Exists' }, ...DAEMON_TOLERATIONS.slice(1), { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec['affinity']).toEqual({
      podAntiAffinity: { x: 1 },
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
      },
    });
    // The DaemonSet's own template is left as it was.
    expect((ds['spec'] as { template: { spec: { tolerations: unknown[] } } }).template.spec.tolerations).toHaveLength(2);
  });

  it('a pod is for its bound node, else its affinity node; it is updated by hash or template generation', () => {
    expect(targetNodeName(daemonPod('p', 'node-3'))).toBe('node-3');
    expect(targetNodeName(daemonPod('p', 'node-3', { bound: false }))).toBe('node-3');
    expect(targetNodeName({ metadata: { name: 'p' }, spec: {} })).toBeUndefined();
    const pod = daemonPod('p', 'a', { hash: 'h1' });
    expect(isPodUpdated(pod, 'h1', undefined)).toBe(true);
    expect(isPodUpdated(pod, 'h2', undefined)).toBe(false);
    expect(isPodUpdated({ ...pod, metadata: { ...pod.metadata, labels: { 'pod-template-generation': '2' } } }, 'h2', 2)).toBe(true);
  });
});
