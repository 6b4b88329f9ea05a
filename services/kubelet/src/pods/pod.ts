import type { KubeObject } from '@kubeledger/api';
import type { ProbeSpec } from '../probes/probe-spec.js';
import type { ContainerStatus } from '../status/container-status.js';
import type { PodCondition } from '../status/pod-conditions.js';

/** core/v1 EnvVar. */
export interface EnvVarSpec {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string; apiVersion?: string };
    resourceFieldRef?: { resource: string; containerName?: string; divisor?: string | number };
    configMapKeyRef?: { name?: string; key: string; optional?: boolean };
    secretKeyRef?: { name?: string; key: string; optional?: boolean };
  };
}

/** core/v1 EnvFromSource. */
export interface EnvFromSpec {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVarSpec[];
  envFrom?: EnvFromSpec[];
  workingDir?: string;
  ports?: ContainerPort[];
  restartPolicy?: string;
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
  securityContext?: { privileged?: boolean; [field: string]: unknown };
  livenessProbe?: ProbeSpec | null;
  readinessProbe?: ProbeSpec | null;
  startupProbe?: ProbeSpec | null;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  qosClass?: string;
  [field: string]: unknown;
}

/** core/v1 Pod, the fields the kubelet reads and writes. */
export interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    containers: ContainerSpec[];
    initContainers?: ContainerSpec[];
    restartPolicy?: 'Always' | 'OnFailure' | 'Never';
    terminationGracePeriodSeconds?: number;
    serviceAccountName?: string;
    hostPID?: boolean;
    hostIPC?: boolean;
    hostNetwork?: boolean;
    volumes?: { name: string; hostPath?: { path: string }; [field: string]: unknown }[];
    [field: string]: unknown;
  };
  status?: PodStatus;
}

/** `<namespace>/<name>`: the key pods are queued and their IPs held by. */
export const podKey = (pod: Pick<Pod, 'metadata'>): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
export const podUid = (pod: Pick<Pod, 'metadata'>): string => pod.metadata?.uid ?? '';
export const deletionTimestamp = (pod: Pod): string | undefined => pod.metadata?.['deletionTimestamp'] as string | undefined;
