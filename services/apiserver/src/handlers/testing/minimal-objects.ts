import type { KubeObject } from '@kubeledger/api';
import { groupVersion, type ResourceDefinition } from '../../registry/resource-definition.js';

const containers = [{ name: 'app', image: 'registry.example/app:1.0' }];
const podTemplate = (app: string) => ({ metadata: { labels: { app } }, spec: { containers } });

/** The smallest object of each served kind that upstream's validation accepts (beyond name and namespace). */
const BODIES: Record<string, (name: string, namespace: string) => Record<string, unknown>> = {
  Namespace: () => ({}),
  Pod: () => ({ spec: { containers } }),
  Node: () => ({ spec: {} }),
  Service: () => ({ spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } }),
  Endpoints: () => ({ subsets: [{ addresses: [{ ip: '10.1.0.1' }], ports: [{ port: 80 }] }] }),
  ConfigMap: () => ({ data: { key: 'value' } }),
  PersistentVolumeClaim: () => ({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
  PersistentVolume: () => ({ spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv' } } }),
  ReplicationController: (name) => ({ spec: { replicas: 1, selector: { app: name }, template: podTemplate(name) } }),
  Ingress: () => ({ spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } }),
  Secret: () => ({ type: 'Opaque', data: { key: 'dmFsdWU=' } }),
  ServiceAccount: () => ({}),
  Event: (_name, namespace) => ({
    involvedObject: { kind: 'Pod', name: 'web', namespace, apiVersion: 'v1' },
    reason: 'Started',
    message: 'started',
    type: 'Normal',
    source: { component: 'kubelet' },
  }),
  ControllerRevision: () => ({ revision: 1, data: { spec: { template: { metadata: { labels: { app: 'web' } } } } } }),
  PodDisruptionBudget: (name) => ({ spec: { minAvailable: 1, selector: { matchLabels: { app: name } } } }),
  Deployment: (name) => ({ spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: podTemplate(name) } }),
  ReplicaSet: (name) => ({ spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: podTemplate(name) } }),
  DaemonSet: (name) => ({ spec: { selector: { matchLabels: { app: name } }, template: podTemplate(name) } }),
  StatefulSet: (name) => ({ spec: { replicas: 1, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate(name) } }),
  Job: () => ({ spec: { template: { spec: { restartPolicy: 'Never', containers } } } }),
  CronJob: () => ({ spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers } } } } } }),
  Lease: () => ({ spec: { holderIdentity: 'holder', leaseDurationSeconds: 15 } }),
  EndpointSlice: () => ({ addressType: 'IPv4', endpoints: [{ addresses: ['10.1.0.1'] }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
  Role: () => ({ rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }),
  ClusterRole: () => ({ rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }, { nonResourceURLs: ['/healthz'], verbs: ['get'] }] }),
  RoleBinding: () => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }] }),
  ClusterRoleBinding: () => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }] }),
};

const EVENTS_V1 = (_name: string, namespace: string) => ({
  eventTime: '2026-11-23T10:00:00.000000Z',
  reportingController: 'example.com/controller',
  reportingInstance: 'controller-1',
  action: 'Started',
  reason: 'Started',
  type: 'Normal',
  note: 'started',
  regarding: { kind: 'Pod', name: 'web', namespace, apiVersion: 'v1' },
});

/** A minimal valid object of `def`'s kind, named `name` (in `namespace` when namespaced). */
export function minimalObject(def: ResourceDefinition, name: string, namespace: string): KubeObject {
  const body = def.group === 'events.k8s.io' ? EVENTS_V1 : BODIES[def.kind];
  if (!body) throw new Error(`no minimal object for ${def.kind}: add one to minimal-objects.ts`);
  return {
    apiVersion: groupVersion(def),
    kind: def.kind,
    metadata: { name, ...(def.namespaced && { namespace }), labels: { contract: 'yes' } },
    ...body(name, namespace),
  };
}
