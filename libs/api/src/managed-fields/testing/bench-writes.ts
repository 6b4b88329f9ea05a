import type { KubeObject } from '../../kube-object.js';
import { BUILTIN_TYPES } from '../../type-info/type-registry.js';
import { updateManagedFields, type FieldManagerOptions } from '../field-manager.js';
import type { GoldenCase } from './golden-corpus.js';

// The writes the managed-fields benchmark times (test/bench/src/suites/managed-fields.ts), which the
// golden outputs pin too: what is measured is what is checked.

const NOW = '2026-11-23T10:00:00Z';
const LATER = '2026-11-23T10:00:07Z';
const NAMESPACE = 'bench';

/** The options RequestFieldManager builds: `status` ignored on the main resource of a kind with a status subresource, all but `status` through /status. */
function options(manager: string, apiVersion: string, kind: 'main' | 'status' | 'plain', time = NOW): FieldManagerOptions {
  const ignored = kind === 'status' ? { allBut: [['status']] } : kind === 'main' ? [['status']] : [];
  return { manager, apiVersion, ...(kind === 'status' && { subresource: 'status' }), now: time, ignored };
}

/** The five writes a Deployment's pods cause most: the ReplicaSet controller's pod create, the kubelet's Event create, its pod /status update (Pending → Running), a Lease renew and a Node status heartbeat. */
export function fieldManagerBenchWrites(): GoldenCase[] {
  const pod = replicaSetPod();
  const created = stored(updateManagedFields(BUILTIN_TYPES, undefined, pod, options('kube-controller-manager', 'v1', 'main')));
  const bound = scheduled(created);
  const lease = stored(updateManagedFields(BUILTIN_TYPES, undefined, nodeLease(NOW), options('kubelet', 'coordination.k8s.io/v1', 'plain')));
  const call = 'update' as const;
  return [
    { name: 'create Pod (ReplicaSet controller)', call, live: undefined, object: pod, options: options('kube-controller-manager', 'v1', 'main') },
    { name: 'create Event (kubelet)', call, live: undefined, object: kubeletEvent(), options: options('kubelet', 'v1', 'plain') },
    { name: 'update pods/status Pending → Running (kubelet)', call, live: bound, object: runningPod(bound), options: options('kubelet', 'v1', 'status', LATER) },
    { name: 'update Lease renewTime (kubelet)', call, live: lease, object: { ...nodeLease(LATER), metadata: lease.metadata }, options: options('kubelet', 'coordination.k8s.io/v1', 'plain', LATER) },
    { name: 'update nodes/status heartbeat (kubelet)', call, live: nodeWithStatus(NOW), object: nodeWithStatus(LATER), options: options('kubelet', 'v1', 'status', LATER) },
  ];
}

/** What the store adds on create. */
function stored(object: KubeObject): KubeObject {
  const name = object.metadata?.name ?? `${object.metadata?.generateName ?? ''}x7k2p`;
  return { ...object, metadata: { ...object.metadata, name, uid: '0b9f2a8e-51c4-4f0e-9d7c-3a1f6e2b8c44', resourceVersion: '1042', creationTimestamp: NOW } };
}

/** A pod as the ReplicaSet controller posts it, with the defaults and admission changes the apiserver applies before the field manager sees it. */
function replicaSetPod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'web-5d8f7c9b6d-',
      namespace: NAMESPACE,
      labels: { app: 'web', 'pod-template-hash': '5d8f7c9b6d' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b6d', uid: '4b1c1f4e-3f6a-4c83-9f51-2f0c1d9a7e21', controller: true, blockOwnerDeletion: true }],
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
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
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
      serviceAccount: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/** The pod after the scheduler's binding: spec.nodeName and PodScheduled (the binding writes no managedFields entry). */
function scheduled(pod: KubeObject): KubeObject {
  return {
    ...pod,
    metadata: { ...pod.metadata, resourceVersion: '1043' },
    spec: { ...(pod['spec'] as object), nodeName: 'node-1' },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: NOW }], qosClass: 'BestEffort' },
  };
}

/** The kubelet's PUT of pods/status once the container runs. */
function runningPod(pod: KubeObject): KubeObject {
  const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: LATER });
  return {
    ...pod,
    status: {
      phase: 'Running',
      conditions: [condition('PodReadyToStartContainers'), { ...condition('Initialized'), lastTransitionTime: NOW }, condition('Ready'), condition('ContainersReady'), { ...condition('PodScheduled'), lastTransitionTime: NOW }],
      hostIP: '10.0.0.11',
      hostIPs: [{ ip: '10.0.0.11' }],
      podIP: '10.244.1.17',
      podIPs: [{ ip: '10.244.1.17' }],
      startTime: NOW,
      containerStatuses: [
        {
          name: 'web',
          state: { running: { startedAt: LATER } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'registry.example/web:1.25.3',
          imageID: 'registry.example/web@sha256:4c1f0e9b2d7a8c3e5f6a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566',
          containerID: 'containerd://8f3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a2918abcd',
          started: true,
          volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }],
        },
      ],
      qosClass: 'BestEffort',
    },
  };
}

/** A core/v1 Event as the kubelet posts it. */
function kubeletEvent(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-5d8f7c9b6d-x7k2p.1879a2c4b3d5e6f7', namespace: NAMESPACE },
    involvedObject: { kind: 'Pod', namespace: NAMESPACE, name: 'web-5d8f7c9b6d-x7k2p', uid: '0b9f2a8e-51c4-4f0e-9d7c-3a1f6e2b8c44', apiVersion: 'v1', resourceVersion: '1043', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled',
    message: 'Container image "registry.example/web:1.25.3" already present on machine',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: NOW,
    lastTimestamp: NOW,
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  };
}

/** The kubelet's node Lease. */
function nodeLease(renewTime: string): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: '7d2c9e4a-1b3f-4a5e-8c6d-9e0f1a2b3c4d' }] },
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: `${renewTime.slice(0, -1)}.000000Z` },
  };
}

/** A node whose kubelet has created it and reported its status once (two entries); `heartbeat` is the conditions' lastHeartbeatTime. */
function nodeWithStatus(heartbeat: string): KubeObject {
  const created = stored(updateManagedFields(BUILTIN_TYPES, undefined, nodeSpec(), options('kubelet', 'v1', 'main')));
  const reported = { ...created, status: nodeStatus(NOW) };
  const withStatus = updateManagedFields(BUILTIN_TYPES, created, reported, options('kubelet', 'v1', 'status'));
  return heartbeat === NOW ? withStatus : { ...withStatus, status: nodeStatus(heartbeat) };
}

function nodeSpec(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'node-1',
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
  };
}

function nodeStatus(heartbeat: string): Record<string, unknown> {
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: NOW, reason, message });
  const resources = { cpu: '8', 'ephemeral-storage': '102350Mi', 'hugepages-2Mi': '0', memory: '32780500Ki', pods: '110' };
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: '10.0.0.11' },
      { type: 'Hostname', address: 'node-1' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: '2b7e1f0c9d8a4b3c8e5f6a7b8c9d0e1f',
      systemUUID: '2b7e1f0c-9d8a-4b3c-8e5f-6a7b8c9d0e1f',
      bootID: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
      kernelVersion: '6.8.0-45-generic',
      osImage: 'Ubuntu 24.04.1 LTS',
      containerRuntimeVersion: 'containerd://1.7.22',
      kubeletVersion: 'v1.31.0',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images: [
      { names: ['registry.example/web@sha256:4c1f0e9b2d7a8c3e5f6a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566', 'registry.example/web:1.25.3'], sizeBytes: 71234567 },
      { names: ['registry.k8s.io/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097', 'registry.k8s.io/pause:3.10'], sizeBytes: 320368 },
    ],
  };
}
