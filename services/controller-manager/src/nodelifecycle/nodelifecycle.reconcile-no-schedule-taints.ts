import type { KubeObject, Taint } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { noScheduleTaintDiff } from './node-taints.js';

export interface NoScheduleTaintsDeps {
  readonly getNode: (name: string) => KubeObject | undefined;
  readonly swapTaints: (name: string, add: readonly Taint[], remove: readonly Taint[]) => Promise<void>;
}

/**
 * doNoScheduleTaintingPass (TaintNodesByCondition), on each change of a node: its NoSchedule
 * condition taints (`not-ready`, `unreachable`, the pressure ones, `network-unavailable`) and
 * `unschedulable` follow its conditions and `spec.unschedulable`.
 */
export async function reconcileNoScheduleTaints(name: string, deps: NoScheduleTaintsDeps): Promise<StepResult> {
  const node = deps.getNode(name);
  if (!node) return 'continue';
  const { add, remove } = noScheduleTaintDiff(node);
  if (add.length > 0 || remove.length > 0) await deps.swapTaints(name, add, remove);
  return 'continue';
}
