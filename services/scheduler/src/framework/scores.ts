import type { KubeObject } from '@kubeledger/api';
import type { NodeInfo } from './node-info.js';
import { podRequests } from './pod-resources.js';

/** One of kube-scheduler's score plugins: 0–100 for placing `pod` on the node (higher is better). */
export type Score = (pod: KubeObject, node: NodeInfo) => number;

/** `used` as a fraction of `capacity`, at most 1 (1 when there is no capacity). */
function fraction(used: number, capacity: number): number {
  return capacity <= 0 ? 1 : Math.min(1, used / capacity);
}

/** What the node would hold with the pod, as fractions of allocatable (CPU, memory). */
function fractions(pod: KubeObject, info: NodeInfo): [number, number] {
  // Upstream scores with the non-zero requests: a container without requests counts as 100m CPU and 200 MiB, on the node too.
  const wanted = podRequests(pod);
  const cpu = info.requested.nonZeroMilliCpu + wanted.nonZeroMilliCpu;
  const memory = info.requested.nonZeroMemory + wanted.nonZeroMemory;
  return [fraction(cpu, info.allocatable.milliCpu), fraction(memory, info.allocatable.memory)];
}

/** NodeResourcesFit's LeastAllocated: prefer nodes with the most room left (mean free fraction × 100). */
export const leastAllocated: Score = (pod, info) => {
  const [cpu, memory] = fractions(pod, info);
  return ((1 - cpu + (1 - memory)) / 2) * 100;
};

/** NodeResourcesBalancedAllocation: prefer nodes whose CPU and memory use stay even ((1 − std dev) × 100). */
export const balancedAllocation: Score = (pod, info) => {
  const [cpu, memory] = fractions(pod, info);
  const std = Math.abs(cpu - memory) / 2;
  return (1 - std) * 100;
};

export const DEFAULT_SCORES: readonly { readonly score: Score; readonly weight: number }[] = [
  { score: leastAllocated, weight: 1 },
  { score: balancedAllocation, weight: 1 },
];
