import type { KubeObject } from '@kubeledger/api';
import type { ContainerStatus } from '../status/container-status.js';
import type { PodCondition } from '../status/pod-conditions.js';

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  workingDir?: string;
  restartPolicy?: string;
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
    [field: string]: unknown;
  };
  status?: PodStatus;
}

/** `<namespace>/<name>`: the key pods are queued and their IPs held by. */
export const podKey = (pod: Pick<Pod, 'metadata'>): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
export const podUid = (pod: Pick<Pod, 'metadata'>): string => pod.metadata?.uid ?? '';
export const deletionTimestamp = (pod: Pod): string | undefined => pod.metadata?.['deletionTimestamp'] as string | undefined;
