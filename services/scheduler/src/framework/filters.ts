import { matchesRequiredNodeAffinity, tolerates, untoleratedTaint, type KubeObject, type PlacementSpec, type Taint, type Toleration } from '@kubeledger/api';
import type { NodeInfo } from './node-info.js';
import { podRequests } from './pod-resources.js';

/** One of kube-scheduler's filter plugins: the reasons `pod` cannot go to the node (empty: it fits). */
export type Filter = (pod: KubeObject, node: NodeInfo) => readonly string[];

const NO_SCHEDULE = new Set(['NoSchedule', 'NoExecute']);
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

const tolerationsOf = (pod: KubeObject) => (((pod['spec'] ?? {}) as { tolerations?: Toleration[] }).tolerations ?? []);

/** NodeUnschedulable: a cordoned node takes only pods that tolerate its unschedulable taint. */
export const nodeUnschedulable: Filter = (pod, { node }) => {
  const cordoned = ((node['spec'] ?? {}) as { unschedulable?: boolean }).unschedulable === true;
  return cordoned && !tolerationsOf(pod).some((t) => tolerates(t, UNSCHEDULABLE_TAINT)) ? ['node(s) were unschedulable'] : [];
};

/**
 * A node whose Ready condition is not True takes no pods that do not tolerate
 * `node.kubernetes.io/not-ready` — the taint upstream's node lifecycle controller puts on it,
 * reported in the same words.
 */
export const nodeReady: Filter = (pod, { node }) => {
  const conditions = ((node['status'] ?? {}) as { conditions?: Array<{ type: string; status: string }> }).conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready')?.status === 'True';
  const tainted = ((node['spec'] ?? {}) as { taints?: Taint[] }).taints?.some((t) => t.key === NOT_READY_TAINT.key);
  if (ready || tainted || tolerationsOf(pod).some((t) => tolerates(t, NOT_READY_TAINT))) return [];
  return [`node(s) had untolerated taint {${NOT_READY_TAINT.key}: }`];
};

/** TaintToleration: a NoSchedule or NoExecute taint the pod does not tolerate. */
export const taintToleration: Filter = (pod, { node }) => {
  const taint = untoleratedTaint(((node['spec'] ?? {}) as { taints?: Taint[] }).taints ?? [], tolerationsOf(pod), NO_SCHEDULE);
  return taint ? [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`] : [];
};

/** NodeAffinity: nodeSelector and required node affinity. */
export const nodeAffinity: Filter = (pod, { node }) => (matchesRequiredNodeAffinity((pod['spec'] ?? {}) as PlacementSpec, node) ? [] : ["node(s) didn't match Pod's node affinity/selector"]);

/** NodeResourcesFit: CPU and memory requests against what is left of allocatable, and the pod count. */
export const nodeResourcesFit: Filter = (pod, info) => {
  const reasons: string[] = [];
  const wanted = podRequests(pod);
  if (info.podCount + 1 > info.allocatable.pods) reasons.push('Too many pods');
  if (wanted.milliCpu > 0 && info.requested.milliCpu + wanted.milliCpu > info.allocatable.milliCpu) reasons.push('Insufficient cpu');
  if (wanted.memory > 0 && info.requested.memory + wanted.memory > info.allocatable.memory) reasons.push('Insufficient memory');
  return reasons;
};

/** The filters, in kube-scheduler's default order. */
export const DEFAULT_FILTERS: readonly Filter[] = [nodeUnschedulable, nodeReady, nodeAffinity, taintToleration, nodeResourcesFit];

/** Reasons that a preemption could in principle resolve (freeing resources), as upstream classifies them. */
export const isResourceReason = (reason: string): boolean => reason.startsWith('Insufficient ') || reason === 'Too many pods';
