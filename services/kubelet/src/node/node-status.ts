import os from 'node:os';
import type { KubeObject } from '@kubeledger/api';

export const KUBELET_VERSION = 'v1.35.0-kubeledger';

export interface NodeCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastHeartbeatTime: string;
  readonly lastTransitionTime: string;
}

export interface Node extends KubeObject {
  spec?: { podCIDR?: string; podCIDRs?: string[]; unschedulable?: boolean; [field: string]: unknown };
  status?: { conditions?: NodeCondition[]; [field: string]: unknown };
}

/** What the Node says about this kubelet. */
export interface NodeInfo {
  readonly name: string;
  readonly address: string;
  readonly capacity: { readonly cpu: string; readonly memory: string; readonly pods: string };
  readonly runtime: string;
  /** The port the kubelet's HTTPS server listens on (`status.daemonEndpoints.kubeletEndpoint.Port`). */
  readonly kubeletPort: number;
}

/** Upstream's `kubernetes.io/arch` values. */
export const goArch = (arch: string = process.arch): string => ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' })[arch] ?? arch;

/** The labels the kubelet puts on its Node (upstream's well-known labels). */
export function nodeLabels(name: string): Record<string, string> {
  return { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': goArch(), 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': goArch() };
}

/**
 * The Node's status as the kubelet reports it (upstream's setters in pkg/kubelet/nodestatus):
 * capacity and allocatable, addresses, the pressure conditions False and Ready True with
 * upstream's reasons and messages, nodeInfo and daemonEndpoints. `previous` keeps each
 * condition's lastTransitionTime while its status stays the same.
 */
export function nodeStatus(info: NodeInfo, previous: readonly NodeCondition[], now: string): Record<string, unknown> {
  const condition = (type: string, status: NodeCondition['status'], reason: string, message: string): NodeCondition => {
    const before = previous.find((c) => c.type === type);
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now };
  };
  const resources = { cpu: info.capacity.cpu, memory: info.capacity.memory, pods: info.capacity.pods, 'ephemeral-storage': '100Gi' };
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
      { type: 'InternalIP', address: info.address },
      { type: 'Hostname', address: info.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: info.kubeletPort } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: os.release(),
      osImage: `kubeledger (${os.type()})`,
      containerRuntimeVersion: `${info.runtime}://0.1.0`,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: goArch(),
    },
  };
}

/** The Node's conditions (none for a Node that has no status yet). */
export const nodeConditions = (node: Node | undefined): NodeCondition[] => (node?.status?.conditions as NodeCondition[] | undefined) ?? [];

/** metav1.Time: RFC 3339 at second precision. */
/** metav1.MicroTime: microsecond precision. */
