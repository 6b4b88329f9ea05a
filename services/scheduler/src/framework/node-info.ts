import { milliCpu, wholeUnits, type KubeObject } from '@kubeledger/api';
import { NodeUsage, type Usage } from './node-usage.js';
import { addRequests, podRequests, type Requests, type Resources } from './pod-resources.js';

/** A node as the scheduler sees it: its allocatable resources and what the pods on it already request. */
export interface NodeInfo {
  readonly node: KubeObject;
  readonly name: string;
  readonly allocatable: Resources & { readonly pods: number };
  readonly requested: Requests;
  readonly podCount: number;
}

/** NodeInfos for `nodes`, counting the pods bound to each that still hold resources (not Succeeded or Failed). */
export function nodeInfos(nodes: readonly KubeObject[], pods: Iterable<KubeObject>): NodeInfo[] {
  const usage = NodeUsage.of(pods);
  return nodes.map((node) => nodeInfo(node, usage.node(node.metadata?.name ?? '')));
}

/** Each node object's allocatable resources, parsed once: an informer's objects are never modified, a new version is a new object. */
const allocatableOf = new WeakMap<KubeObject, NodeInfo['allocatable']>();

/** The NodeInfo of `node` with what its pods use. */
export function nodeInfo(node: KubeObject, used: Usage): NodeInfo {
  let allocatable = allocatableOf.get(node);
  if (!allocatable) {
    const quantities = ((node['status'] ?? {}) as { allocatable?: Record<string, string | number> }).allocatable ?? {};
    allocatable = {
      milliCpu: quantities['cpu'] === undefined ? 0 : milliCpu(quantities['cpu']),
      memory: quantities['memory'] === undefined ? 0 : wholeUnits(quantities['memory']),
      pods: quantities['pods'] === undefined ? 0 : wholeUnits(quantities['pods']),
    };
    allocatableOf.set(node, allocatable);
  }
  return { node, name: node.metadata?.name ?? '', allocatable, requested: used.requested, podCount: used.podCount };
}

/** The NodeInfo after `pod` is placed on it (the scheduler's assumed pods). */
export function withPod(info: NodeInfo, pod: KubeObject): NodeInfo {
  return { ...info, requested: addRequests(info.requested, podRequests(pod)), podCount: info.podCount + 1 };
}
