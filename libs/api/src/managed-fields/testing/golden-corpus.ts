import type { KubeObject } from '../../kube-object.js';
import { BUILTIN_TYPES } from '../../type-info/type-registry.js';
import { applyObject, updateManagedFields, type FieldManagerOptions } from '../field-manager.js';
import { fieldManagerBenchWrites } from './bench-writes.js';

/**
 * A corpus of field manager calls whose exact results (managedFields bytes included) were recorded
 * in golden-outputs.json before the field manager was optimised: the writes the apiserver makes
 * most (pod create, Event create, pod and node status, Lease renew) and variants that reach the
 * corners (keyed lists, maps, nulls, empty values, removed fields, a second manager, the ignored
 * field variants, subresources, resets, the entry cap, applies). Cases chain: a later case starts
 * from an earlier one's result, as the store would hand it back.
 */
export interface GoldenCase {
  readonly name: string;
  readonly call: 'update' | 'apply';
  readonly live: KubeObject | undefined;
  readonly object: KubeObject;
  readonly options: FieldManagerOptions & { readonly force?: boolean };
}

const T0 = '2026-11-23T10:00:00Z';
const T1 = '2026-11-23T10:00:07Z';
const T2 = '2026-11-23T10:01:00Z';
const T3 = '2026-11-23T10:02:30Z';

type Kind = 'main' | 'status' | 'plain';

/** The options RequestFieldManager builds for a write path. */
function opts(manager: string, apiVersion: string, kind: Kind, now: string, extra: Partial<FieldManagerOptions> = {}): FieldManagerOptions {
  const ignored = kind === 'status' ? { allBut: [['status']] } : kind === 'main' ? [['status']] : [];
  return { manager, apiVersion, ...(kind === 'status' && { subresource: 'status' }), now, ignored, ...extra };
}

/** What the store adds on create. */
function stored(object: KubeObject, uid = 'uid-1'): KubeObject {
  const name = object.metadata?.name ?? `${object.metadata?.generateName ?? ''}x7k2p`;
  return { ...object, metadata: { ...object.metadata, name, uid, resourceVersion: '1', creationTimestamp: T0 } };
}

const spec = (o: KubeObject) => o['spec'] as Record<string, unknown>;
const status = (o: KubeObject) => (o['status'] ?? {}) as Record<string, unknown>;
const meta = (o: KubeObject) => o.metadata ?? {};

function replicaSetPod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'web-5d8f7c9b6d-',
      namespace: 'bench',
      labels: { app: 'web', 'pod-template-hash': '5d8f7c9b6d' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b6d', uid: '4b1c1f4e', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      volumes: [
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
            defaultMode: 420,
          },
        },
      ],
      containers: [
        {
          name: 'web',
          image: 'registry.example/web:1.25.3',
          ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, name: 'metrics' }],
          env: [
            { name: 'MODE', value: 'prod' },
            { name: 'A&B<C>', value: 'escaped' },
          ],
          resources: {},
          volumeMounts: [{ name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      enableServiceLinks: true,
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

function runningStatus(pod: KubeObject, at: string): Record<string, unknown> {
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at });
  return {
    phase: 'Running',
    conditions: [condition('Initialized'), condition('Ready'), condition('ContainersReady'), ...((status(pod)['conditions'] as unknown[]) ?? [])],
    hostIP: '10.0.0.11',
    hostIPs: [{ ip: '10.0.0.11' }],
    podIP: '10.244.1.17',
    podIPs: [{ ip: '10.244.1.17' }],
    startTime: T0,
    containerStatuses: [{ name: 'web', state: { running: { startedAt: at } }, lastState: {}, ready: true, restartCount: 0, image: 'registry.example/web:1.25.3', imageID: 'sha256:4c1f', containerID: 'containerd://8f3e', started: true }],
    qosClass: 'BestEffort',
  };
}

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' }, annotations: { note: 'a&b' }, finalizers: ['example.com/keep'] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: null,
      template: {
        metadata: { labels: { app: 'web' }, annotations: {} },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              args: [],
              ports: [{ containerPort: 80 }, { containerPort: 443, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: {} },
            },
            { name: 'sidecar', image: 'busybox', command: ['sleep', '3600'], resources: {} },
          ],
          affinity: null,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          volumes: [],
        },
      },
    },
  };
}

function configMap(): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1', 'b<c>': '2', empty: '' }, binaryData: {} };
}

function event(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-x7k2p.1879a2c4', namespace: 'bench' },
    involvedObject: { kind: 'Pod', namespace: 'bench', name: 'web-x7k2p', uid: 'uid-1', apiVersion: 'v1', resourceVersion: '2', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled',
    message: 'Container image "registry.example/web:1.25.3" already present on machine',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: T0,
    lastTimestamp: T0,
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };
}

function lease(renewTime: string): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'node-uid' }] },
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime },
  };
}

function node(): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux' } }, spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] } };
}

function nodeStatus(heartbeat: string, ready = 'True'): Record<string, unknown> {
  const condition = (type: string, s: string) => ({ type, status: s, lastHeartbeatTime: heartbeat, lastTransitionTime: T0, reason: `Kubelet${type}`, message: `${type} is ${s}` });
  return {
    capacity: { cpu: '8', memory: '32Gi', pods: '110' },
    allocatable: { cpu: '8', memory: '31Gi', pods: '110' },
    conditions: [condition('MemoryPressure', 'False'), condition('Ready', ready)],
    addresses: [
      { type: 'InternalIP', address: '10.0.0.11' },
      { type: 'Hostname', address: 'node-1' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: { machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.8', osImage: 'Ubuntu', containerRuntimeVersion: 'containerd://1.7', kubeletVersion: 'v1.31.0', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64' },
    images: [{ names: ['registry.example/web:1.25.3'], sizeBytes: 71234567 }],
  };
}

/** Builds the corpus: each case's result is computed with the field manager as it is now, and later cases start from it. */
export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = fieldManagerBenchWrites().map((c) => ({ ...c, name: `bench: ${c.name}` }));
  const update = (name: string, live: KubeObject | undefined, object: KubeObject, options: FieldManagerOptions): KubeObject => {
    cases.push({ name, call: 'update', live, object, options });
    return updateManagedFields(BUILTIN_TYPES, live, object, options);
  };
  const apply = (name: string, live: KubeObject | undefined, object: KubeObject, options: FieldManagerOptions & { force: boolean }): KubeObject => {
    cases.push({ name, call: 'apply', live, object, options });
    return applyObject(BUILTIN_TYPES, live, object, options);
  };

  // Pods: the ReplicaSet controller's create, the binding, the kubelet's status writes.
  const pod = stored(update('pod create (replicaset controller)', undefined, replicaSetPod(), opts('kube-controller-manager', 'v1', 'main', T0)));
  update('pod create, nothing ignored', undefined, replicaSetPod(), opts('kube-controller-manager', 'v1', 'plain', T0));
  update('pod create, ignored undefined, no manager', undefined, replicaSetPod(), { manager: '', apiVersion: 'v1', now: T0 });
  update('pod create through /status', undefined, replicaSetPod(), opts('kubelet', 'v1', 'status', T0));
  const bound: KubeObject = { ...pod, spec: { ...spec(pod), nodeName: 'node-1' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: T0 }], qosClass: 'BestEffort' } };
  const running = update('pod status Pending → Running (kubelet)', bound, { ...bound, status: runningStatus(bound, T1) }, opts('kubelet', 'v1', 'status', T1));
  const restarted: KubeObject = {
    ...running,
    status: {
      ...status(running),
      hostIPs: undefined,
      conditions: (status(running)['conditions'] as Record<string, unknown>[]).map((c) => (c['type'] === 'Ready' ? { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: T2, reason: 'ContainersNotReady' } : c)),
      containerStatuses: [{ name: 'web', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: T1, finishedAt: T2 } }, ready: false, restartCount: 1, image: 'registry.example/web:1.25.3', imageID: 'sha256:4c1f', started: false }],
    },
  };
  const crashed = update('pod status removes fields (kubelet)', running, restarted, opts('kubelet', 'v1', 'status', T2));
  update('pod status unchanged (kubelet)', crashed, crashed, opts('kubelet', 'v1', 'status', T3));
  update('pod status written through the main resource (ignored)', crashed, { ...crashed, status: { phase: 'Failed' } }, opts('kubectl-edit', 'v1', 'main', T3));
  update('pod status with [[spec],[metadata]] ignored', crashed, { ...crashed, status: { ...status(crashed), phase: 'Succeeded' }, spec: { ...spec(crashed), activeDeadlineSeconds: 5 } }, opts('kubelet', 'v1', 'status', T3, { ignored: [['spec'], ['metadata']] }));
  const labelled: KubeObject = { ...crashed, metadata: { ...meta(crashed), labels: { ...(meta(crashed).labels as object), extra: 'yes' } } };
  update('pod label by a second manager (PUT with managedFields)', crashed, labelled, opts('kubectl-label', 'v1', 'main', T3));
  update('pod PUT without managedFields keeps the live ones', crashed, { ...labelled, metadata: { ...meta(labelled), managedFields: undefined } }, opts('kubectl-label', 'v1', 'main', T3));
  update('pod PUT with managedFields [] resets them', crashed, { ...labelled, metadata: { ...meta(labelled), managedFields: [] } }, opts('kubectl-label', 'v1', 'main', T3));
  update('pod PUT with managedFields [{}] resets them', crashed, { ...labelled, metadata: { ...meta(labelled), managedFields: [{}] } }, opts('kubectl-label', 'v1', 'main', T3));
  update('pod PUT with malformed managedFields falls back to live', crashed, { ...labelled, metadata: { ...meta(labelled), managedFields: [{ manager: 'x', operation: 'Bogus' }] } }, opts('kubectl-label', 'v1', 'main', T3));
  const untracked: KubeObject = { ...labelled, metadata: { ...meta(labelled), managedFields: undefined } };
  update('object without managedFields stays untracked', { ...crashed, metadata: { ...meta(crashed), managedFields: undefined } }, untracked, opts('kubectl-label', 'v1', 'main', T3));
  const badPod: KubeObject = { ...crashed, spec: { ...spec(crashed), containers: [{ image: 'no-name' }] } };
  update('pod that does not fit its schema keeps live managedFields', crashed, badPod, opts('kubectl-edit', 'v1', 'main', T3));
  const dupEnv: KubeObject = { ...crashed, spec: { ...spec(crashed), containers: [{ ...(spec(crashed)['containers'] as object[])[0], env: [{ name: 'D', value: '1' }, { name: 'D', value: '2' }] }] } };
  const dup = update('pod with duplicate keyed items', crashed, dupEnv, opts('kubectl-edit', 'v1', 'main', T3));
  update('pod with duplicate keyed items changed', dup, { ...dup, spec: { ...spec(dup), containers: [{ ...(spec(dup)['containers'] as object[])[0], env: [{ name: 'D', value: '1' }, { name: 'D', value: '3' }] }] } }, opts('kubectl-edit', 'v1', 'main', T3));

  // Events and Leases: the kubelet's creates and renews.
  const ev = stored(update('event create (kubelet)', undefined, event(), opts('kubelet', 'v1', 'plain', T0)));
  update('event count bump (kubelet)', ev, { ...ev, count: 2, lastTimestamp: T1 }, opts('kubelet', 'v1', 'plain', T1));
  const l0 = stored(update('lease create (kubelet)', undefined, lease('2026-11-23T10:00:00.000000Z'), opts('kubelet', 'coordination.k8s.io/v1', 'plain', T0)));
  const l1 = update('lease renew (kubelet)', l0, { ...lease('2026-11-23T10:00:10.000000Z'), metadata: meta(l0) }, opts('kubelet', 'coordination.k8s.io/v1', 'plain', T1));
  update('lease renew, same time (nothing changes)', l1, l1, opts('kubelet', 'coordination.k8s.io/v1', 'plain', T2));
  update('lease taken over by another holder', l1, { ...l1, spec: { ...spec(l1), holderIdentity: 'node-2', leaseTransitions: 1 } }, opts('node-2', 'coordination.k8s.io/v1', 'plain', T2));

  // Nodes: create, first status, heartbeat, a condition flip.
  const n0 = stored(update('node create (kubelet)', undefined, node(), opts('kubelet', 'v1', 'main', T0)));
  const n1 = update('node first status (kubelet)', n0, { ...n0, status: nodeStatus(T0) }, opts('kubelet', 'v1', 'status', T0));
  const n2 = update('node heartbeat (kubelet)', n1, { ...n1, status: nodeStatus(T1) }, opts('kubelet', 'v1', 'status', T1));
  update('node condition flip by node-controller', n2, { ...n2, status: nodeStatus(T1, 'Unknown') }, opts('node-controller', 'v1', 'status', T2));
  update('node spec taint by second manager', n2, { ...n2, spec: { ...spec(n2), taints: [{ key: 'k', effect: 'NoSchedule' }], unschedulable: true } }, opts('kubectl-cordon', 'v1', 'main', T2));

  // Deployments: keyed lists, maps, nulls, empty values; a second manager; the status subresource.
  const d0 = stored(update('deployment create', undefined, deployment(), opts('kubectl-create', 'apps/v1', 'main', T0)));
  const tpl = spec(d0)['template'] as { spec: { containers: Record<string, unknown>[] } };
  const edited: KubeObject = {
    ...d0,
    metadata: { ...meta(d0), labels: { app: 'web', tier: 'back' }, annotations: {} },
    spec: {
      ...spec(d0),
      replicas: 3,
      strategy: { type: 'Recreate' },
      template: {
        ...tpl,
        spec: {
          ...tpl.spec,
          containers: [{ ...tpl.spec.containers[0], image: 'nginx:1.26', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '2' }], resources: null }, tpl.spec.containers[1]],
          volumes: null,
        },
      },
    },
  };
  const d1 = update('deployment edit by second manager', d0, edited, opts('kubectl-edit', 'apps/v1', 'main', T1));
  const d2 = update('deployment status (controller-manager)', d1, { ...d1, status: { replicas: 3, updatedReplicas: 3, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }], observedGeneration: 2 } }, opts('kube-controller-manager', 'apps/v1', 'status', T1));
  update('deployment scale subresource', d2, { ...d2, spec: { ...spec(d2), replicas: 5 } }, { manager: 'kubectl-scale', apiVersion: 'autoscaling/v1', subresource: 'scale', now: T2, ignored: [['status']] });
  update('deployment emptied', d2, { ...d2, spec: {}, metadata: { ...meta(d2), labels: {}, finalizers: [] } }, opts('kubectl-edit', 'apps/v1', 'main', T2));
  // More than ten Update managers: the oldest merge into ancient-changes.
  let many = d2;
  for (let i = 0; i < 11; i++) many = update(`deployment label by manager ${i}`, many, { ...many, metadata: { ...meta(many), labels: { ...(meta(many).labels as object), [`m${i}`]: 'x' } } }, opts(`manager-${i}`, 'apps/v1', 'main', `2026-11-23T11:${String(i).padStart(2, '0')}:00Z`));

  // ConfigMaps (maps of strings) and a kind the registry does not know (deduced).
  const c0 = stored(update('configmap create', undefined, configMap(), opts('kubectl-create', 'v1', 'plain', T0)));
  update('configmap keys removed and changed', c0, { ...c0, data: { a: '9', z: null }, binaryData: undefined }, opts('kubectl-edit', 'v1', 'plain', T1));
  const w0 = stored(update('unknown kind create (deduced)', undefined, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, items: [1, 2], nested: { a: null, b: {} } } }, opts('kubectl', 'example.com/v1', 'plain', T0)));
  update('unknown kind update (deduced)', w0, { ...w0, spec: { size: 2, items: [1], nested: { b: { c: 1 } } } }, opts('other', 'example.com/v1', 'plain', T1));

  // Applies share the comparison and encoding.
  const a0 = apply('apply create', undefined, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } } } }, { ...opts('ci', 'apps/v1', 'main', T0), force: false });
  const a1 = stored(a0);
  const a2 = update('update after apply', a1, { ...a1, spec: { ...spec(a1), replicas: 4 } }, opts('hpa', 'apps/v1', 'main', T1));
  apply('apply taking a field with force', a2, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } }, { ...opts('ci', 'apps/v1', 'main', T2), force: true });
  return cases;
}
