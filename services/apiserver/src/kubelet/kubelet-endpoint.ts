import type { KubeObject } from '@kubeledger/api';

/** The address types tried in order (kube-apiserver's --kubelet-preferred-address-types as kubeadm sets it). */
const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'Hostname'] as const;
/** The kubelet port when the Node reports none (--kubelet-port). */
const DEFAULT_KUBELET_PORT = 10250;

interface NodeStatus {
  addresses?: { type?: string; address?: string }[];
  daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
}

/**
 * Where a Node's kubelet listens (upstream's NodeConnectionInfoGetter): its first address of the
 * preferred types, and the port its status reports. Throws upstream's NoMatchError when the Node
 * has no such address.
 */
export function kubeletEndpoint(node: KubeObject): { readonly host: string; readonly port: number } {
  const status = (node['status'] ?? {}) as NodeStatus;
  const addresses = status.addresses ?? [];
  for (const type of PREFERRED_ADDRESS_TYPES) {
    const found = addresses.find((a) => a.type === type && a.address);
    if (found) {
      const port = status.daemonEndpoints?.kubeletEndpoint?.Port;
      return { host: found.address!, port: port !== undefined && port > 0 ? port : DEFAULT_KUBELET_PORT };
    }
  }
  throw new Error(`no preferred addresses found; known addresses: [${addresses.map((a) => `{${a.type ?? ''} ${a.address ?? ''}}`).join(' ')}]`);
}
