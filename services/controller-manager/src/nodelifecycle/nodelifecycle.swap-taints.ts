import type { KubeObject, Taint } from '@kubeledger/api';
import { taintsOf } from '../controller-utils/taints.js';
import { swapTaints } from './node-taints.js';

export interface SwapTaintsDeps {
  /** From the informer: the first try's node (upstream reads the lister first). */
  readonly getNode: (name: string) => KubeObject | undefined;
  readonly getFreshNode: (name: string) => Promise<KubeObject>;
  /** A merge patch of `spec.taints`, conditional on `resourceVersion`. */
  readonly patchTaints: (name: string, resourceVersion: string, taints: readonly Taint[]) => Promise<KubeObject>;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
}

const ATTEMPTS = 5;

/**
 * controllerutil.SwapNodeControllerTaint: puts `add` on the node (stamped `timeAdded`) and takes
 * the taints matching `remove` off, in one write conditional on the node's resourceVersion; after
 * a conflict, again on the node read afresh (up to 5 times). A node that is gone is left alone.
 */
export async function swapNodeTaints(name: string, add: readonly Taint[], remove: readonly Taint[], deps: SwapTaintsDeps): Promise<void> {
  let node = deps.getNode(name);
  for (let attempt = 1; ; attempt++) {
    try {
      node ??= await deps.getFreshNode(name);
      const taints = swapTaints(taintsOf(node), add, remove, deps.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
      if (!taints) return;
      await deps.patchTaints(name, node.metadata?.resourceVersion ?? '', taints);
      return;
    } catch (err) {
      if (deps.isNotFound(err)) return;
      if (!deps.isConflict(err) || attempt >= ATTEMPTS) throw err;
      node = undefined;
    }
  }
}
