import { milliCpu, wholeUnits, type KubeObject } from '@kubeledger/api';
import { podRequests, type Resources } from './pod-resources.js';

/** A node as the scheduler sees it: its allocatable resources and what the pods on it already request. */
export interface NodeInfo {
  readonly node: KubeObject;
  readonly name: string;
  readonly allocatable: Resources & { readonly pods: number };
  readonly requested: Resources;
  readonly podCount: number;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

/** NodeInfos for `nodes`, counting the pods bound to each that still hold resources (not Succeeded or Failed). */
export function nodeInfos(nodes: readonly KubeObject[], pods: readonly KubeObject[]): NodeInfo[] {
  const byNode = new Map<string, { requested: Resources; count: number }>();
  for (const pod of pods) {
    const nodeName = ((pod['spec'] ?? {}) as { nodeName?: string }).nodeName;
    const phase = ((pod['status'] ?? {}) as { phase?: string }).phase ?? '';
    if (!nodeName || TERMINAL.has(phase)) continue;
    const entry = byNode.get(nodeName) ?? { requested: { milliCpu: 0, memory: 0 }, count: 0 };
    const r = podRequests(pod);
    byNode.set(nodeName, { requested: { milliCpu: entry.requested.milliCpu + r.milliCpu, memory: entry.requested.memory + r.memory }, count: entry.count + 1 });
  }
  return nodes.map((node) => {
    const name = node.metadata?.name ?? '';
    const allocatable = ((node['status'] ?? {}) as { allocatable?: Record<string, string | number> }).allocatable ?? {};
    const used = byNode.get(name);
    return {
      node,
      name,
      allocatable: {
        milliCpu: allocatable['cpu'] === undefined ? 0 : milliCpu(allocatable['cpu']),
        memory: allocatable['memory'] === undefined ? 0 : wholeUnits(allocatable['memory']),
        pods: allocatable['pods'] === undefined ? 0 : wholeUnits(allocatable['pods']),
      },
      requested: used?.requested ?? { milliCpu: 0, memory: 0 },
      podCount: used?.count ?? 0,
    };
  });
}

/** The NodeInfo after `pod` is placed on it (the scheduler's assumed pods). */
export function withPod(info: NodeInfo, pod: KubeObject): NodeInfo {
  const r = podRequests(pod);
  return { ...info, requested: { milliCpu: info.requested.milliCpu + r.milliCpu, memory: info.requested.memory + r.memory }, podCount: info.podCount + 1 };
}
