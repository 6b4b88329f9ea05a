import { randomUUID } from 'node:crypto';
import type { KubeObject } from '@kubeledger/api';

/** A pod-like object of about 1 KB of JSON, as the store benchmark writes. */
export function podFixture(name: string, generation = 1): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'bench',
      uid: randomUUID(),
      generation,
      creationTimestamp: '2026-11-23T00:00:00Z',
      labels: { app: 'bench', 'pod-template-hash': '5d8f7c9b6d', tier: 'backend' },
      annotations: { 'kubeledger.io/bench': 'store' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'bench-5d8f7c9b6d', uid: '4b1c1f4e-3f6a-4c83-9f51-2f0c1d9a7e21', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example/bench/app:1.2.3',
          args: ['--listen=:8080', `--generation=${generation}`],
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          env: [{ name: 'MODE', value: 'bench' }],
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}
