import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type DeletedFinalStateUnknown, type EventHandler, type PendingTraces } from '@kubeledger/client';
import type { AssumedPods } from './cache/assumed-pods.js';
import type { NodeUsage } from './framework/node-usage.js';
import { podKey } from './pod-key.js';
import { isTerminal, needsScheduling, nodeNameOf, nodeSchedulingChanged, podSpecChanged } from './pod-predicates.js';
import type { SchedulingQueue } from './queue/scheduling-queue.js';

export interface HandlerDeps {
  readonly schedulerName: string;
  readonly queue: Pick<SchedulingQueue, 'add' | 'update' | 'delete' | 'moveAllToActive'>;
  readonly assumed: Pick<AssumedPods, 'forget' | 'has'>;
  /** The trace of the event that queued each pod, for its scheduling span (DESIGN §7). */
  readonly traces?: Pick<PendingTraces, 'note' | 'forget'>;
}

/**
 * What pod notifications do (upstream's addPodToSchedulingQueue / updatePodInCache & co.): an
 * unbound pod of ours goes to the queue; a pod seen bound ends its assumption; a bound pod that
 * goes away or finishes frees room, so parked pods get another try.
 */
export function podEventHandler(deps: HandlerDeps): EventHandler<KubeObject> {
  const { queue, assumed, schedulerName, traces } = deps;
  return {
    onAdd(pod, _initial, ctx) {
      const key = podKey(pod);
      if (needsScheduling(pod, schedulerName)) {
        traces?.note(key, ctx);
        queue.add(key);
      } else if (nodeNameOf(pod)) assumed.forget(key);
    },
    onUpdate(oldPod, newPod, ctx) {
      const key = podKey(newPod);
      if (nodeNameOf(newPod)) {
        assumed.forget(key);
        traces?.forget(key);
        queue.delete(key);
        if (isTerminal(newPod) && !isTerminal(oldPod)) queue.moveAllToActive();
        return;
      }
      if (needsScheduling(newPod, schedulerName)) {
        traces?.note(key, ctx);
        queue.update(key, podSpecChanged(oldPod, newPod));
      } else {
        traces?.forget(key);
        queue.delete(key);
      }
    },
    onDelete(deleted: KubeObject | DeletedFinalStateUnknown<KubeObject>) {
      const pod = deletedObject(deleted);
      const key = podKey(pod);
      const held = nodeNameOf(pod) !== '' || assumed.has(key);
      traces?.forget(key);
      queue.delete(key);
      assumed.forget(key);
      if (held && !isTerminal(pod)) queue.moveAllToActive();
    },
  };
}

/** Node notifications: a new node, or one whose schedulable shape changed, may fit parked pods. */
export function nodeEventHandler(deps: Pick<HandlerDeps, 'queue'>): EventHandler<KubeObject> {
  return {
    onAdd: () => deps.queue.moveAllToActive(),
    onUpdate: (oldNode, newNode) => {
      if (nodeSchedulingChanged(oldNode, newNode)) deps.queue.moveAllToActive();
    },
  };
}

/** Pod notifications kept in `usage`: what the bound pods use of each node, as the informer shows them. */
export function nodeUsageHandler(usage: Pick<NodeUsage, 'set'>): EventHandler<KubeObject> {
  return {
    onAdd: (pod) => usage.set(podKey(pod), pod),
    onUpdate: (_oldPod, newPod) => usage.set(podKey(newPod), newPod),
    onDelete: (deleted) => usage.set(podKey(deletedObject(deleted)), undefined),
  };
}
