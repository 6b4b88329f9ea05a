import type { KubeObject } from '@kubeledger/api';

export interface ReplicaSetOptions {
  /** `status.availableReplicas` (and ready); default: `replicas`. */
  readonly available?: number;
  /** `status.replicas`; default: `replicas`. */
  readonly running?: number;
  /** Seconds after 2025-01-01T00:00:00Z it was created; default 0. */
  readonly created?: number;
  readonly revision?: number;
  readonly annotations?: Record<string, string>;
  readonly image?: string;
  readonly generation?: number;
  readonly observedGeneration?: number;
}

/** Test support: a ReplicaSet `name` of Deployment `web` asking for `replicas`. */
export function replicaSetObject(name: string, replicas: number, options: ReplicaSetOptions = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'ns',
      uid: `${name}-uid`,
      generation: options.generation ?? 1,
      creationTimestamp: new Date(Date.parse('2025-01-01T00:00:00Z') + (options.created ?? 0) * 1000).toISOString().replace('.000Z', 'Z'),
      annotations: { ...(options.revision !== undefined && { 'deployment.kubernetes.io/revision': String(options.revision) }), ...options.annotations },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': name } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'web', image: options.image ?? name }] } },
    },
    status: {
      replicas: options.running ?? replicas,
      readyReplicas: options.available ?? replicas,
      availableReplicas: options.available ?? replicas,
      observedGeneration: options.observedGeneration ?? options.generation ?? 1,
    },
  };
}
