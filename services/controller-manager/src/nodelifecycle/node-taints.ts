import type { KubeObject, Taint } from '@kubeledger/api';
import { matchTaint, taintExists, taintsOf } from '../controller-utils/taints.js';
import { conditionsOf } from './node-conditions.js';

/** The taints the node lifecycle controller puts on a node not Ready (upstream's templates). */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
export const NOT_READY_NO_EXECUTE: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
export const UNSCHEDULABLE_KEY = 'node.kubernetes.io/unschedulable';

/** nodeConditionToTaintKeyStatusMap (TaintNodesByCondition): condition type → status → NoSchedule taint key. */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: 'node.kubernetes.io/not-ready', Unknown: 'node.kubernetes.io/unreachable' },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((byStatus) => Object.values(byStatus)));

/** The NoSchedule taints a node's conditions and `spec.unschedulable` call for (doNoScheduleTaintingPass). */
export function noScheduleTaintsFor(node: KubeObject): Taint[] {
  const taints: Taint[] = [];
  for (const condition of conditionsOf(node)) {
    const key = CONDITION_TAINTS[condition.type]?.[condition.status];
    if (key) taints.push({ key, effect: 'NoSchedule' });
  }
  if ((node['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable) taints.push({ key: UNSCHEDULABLE_KEY, effect: 'NoSchedule' });
  return taints;
}

/**
 * The NoSchedule taints to add and remove so the node's condition taints are `desired`
 * (taintutils.TaintSetDiff over the node's NoSchedule taints this controller owns: others' taints
 * are left alone).
 */
export function noScheduleTaintDiff(node: KubeObject): { add: Taint[]; remove: Taint[] } {
  const desired = noScheduleTaintsFor(node);
  const owned = taintsOf(node).filter((t) => t.effect === 'NoSchedule' && (t.key === UNSCHEDULABLE_KEY || CONDITION_TAINT_KEYS.has(t.key)));
  return { add: desired.filter((t) => !taintExists(owned, t)), remove: owned.filter((t) => !taintExists(desired, t)) };
}

/**
 * The node's taints with `add` put in (stamped `timeAdded`, as SwapNodeControllerTaint does; one
 * already there with that key and effect is kept) and those matching `remove` taken out.
 * Undefined when that changes nothing.
 */
export function swapTaints(taints: readonly Taint[], add: readonly Taint[], remove: readonly Taint[], now: string): Taint[] | undefined {
  const kept = taints.filter((t) => !remove.some((r) => matchTaint(r, t)));
  const added = add.filter((t) => !taintExists(kept, t)).map((t) => ({ ...t, timeAdded: now }));
  if (added.length === 0 && kept.length === taints.length) return undefined;
  return [...kept, ...added];
}
