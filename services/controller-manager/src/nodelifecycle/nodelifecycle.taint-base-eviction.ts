import type { KubeObject, Taint } from '@kubeledger/api';
import { taintExists, taintsOf } from '../controller-utils/taints.js';
import type { NodeCondition } from './node-conditions.js';
import { NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE } from './node-taints.js';

export interface TaintBaseEvictionDeps {
  readonly swapTaints: (name: string, add: readonly Taint[], remove: readonly Taint[]) => Promise<void>;
  /** The node's zone lets one more node be NoExecute-tainted now (its rate limiter). */
  readonly mayTaint: (node: KubeObject) => boolean;
}

/**
 * processTaintBaseEviction: a node whose Ready condition is False gets `not-ready:NoExecute`, one
 * whose Ready is Unknown `unreachable:NoExecute` — the two exclusive, one swapped for the other at
 * once, a first one as its zone's rate allows (else on a later pass); a Ready node loses both
 * (markNodeAsReachable).
 */
export async function processTaintBaseEviction(node: KubeObject, observedReady: NodeCondition, deps: TaintBaseEvictionDeps): Promise<void> {
  const name = node.metadata?.name ?? '';
  const taints = taintsOf(node);
  const taintFor = (wanted: Taint, opposite: Taint) => {
    if (taintExists(taints, opposite)) return deps.swapTaints(name, [wanted], [opposite]);
    if (!taintExists(taints, wanted) && deps.mayTaint(node)) return deps.swapTaints(name, [wanted], [opposite]);
    return undefined;
  };
  switch (observedReady.status) {
    case 'False':
      return taintFor(NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE);
    case 'Unknown':
      return taintFor(UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE);
    case 'True':
      return markNodeAsReachable(node, deps);
    default:
      return undefined;
  }
}

/** markNodeAsReachable: takes both NoExecute node-lifecycle taints off, if it has either. */
export async function markNodeAsReachable(node: KubeObject, deps: Pick<TaintBaseEvictionDeps, 'swapTaints'>): Promise<void> {
  const present = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE].filter((t) => taintExists(taintsOf(node), t));
  if (present.length > 0) await deps.swapTaints(node.metadata?.name ?? '', [], present);
}
