import type { KubeObject } from '@kubeledger/api';

/** Test objects: a DaemonSet `web` in `ns`, its nodes and pods. */
export const NOW = new Date('2026-03-01T12:00:00Z');
export const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const DS_OWNER = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web', uid: 'ds-uid', controller: true, blockOwnerDeletion: true };

export function daemonSet(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'web', namespace: 'ns', uid: 'ds-uid', generation: 1, resourceVersion: '50', ...meta },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      ...spec,
    },
    ...(status && { status }),
  };
}

export function node(name: string, o: { labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `${name}-uid`, resourceVersion: '5', labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.taints && { taints: o.taints }), ...(o.unschedulable && { unschedulable: true }) },
  };
}

export interface PodOptions {
  readonly hash?: string;
  readonly phase?: string;
  /** Ready since that many seconds ago; unset: not ready. */
  readonly readySince?: number;
  readonly deleting?: boolean;
  /** Created that many seconds ago (default 600). */
  readonly age?: number;
  /** Bound to the node (default), or only pinned by node affinity. */
  readonly bound?: boolean;
  readonly owner?: boolean;
}

export function daemonPod(name: string, nodeName: string, o: PodOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'ns',
      uid: `${name}-uid`,
      resourceVersion: '10',
      creationTimestamp: ago(o.age ?? 600),
      labels: { app: 'web', 'controller-revision-hash': o.hash ?? 'new' },
      ...(o.owner !== false && { ownerReferences: [DS_OWNER] }),
      ...(o.deleting && { deletionTimestamp: ago(1) }),
    },
    spec: {
      ...(o.bound !== false && { nodeName }),
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } },
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.readySince === undefined ? 'False' : 'True', ...(o.readySince !== undefined && { lastTransitionTime: ago(o.readySince) }) }],
    },
  };
}
