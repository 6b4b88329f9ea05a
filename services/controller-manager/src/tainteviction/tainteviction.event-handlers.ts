import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventHandler } from '@kubeledger/client';
import { taintsOf, tolerationsOf } from '../controller-utils/taints.js';
import { noExecuteTaints } from './plan-pod-eviction.js';
import { podKey } from './tainteviction.reconcile.js';

/** Work-queue keys: a node's and a pod's, apart. */
export const NODE_PREFIX = 'node:';
export const POD_PREFIX = 'pod:';

const nodeNameOf = (pod: KubeObject) => (pod['spec'] as { nodeName?: string } | undefined)?.nodeName ?? '';

/** NodeUpdated: a node added or deleted, or whose NoExecute taints changed. */
export function nodeEventHandler(enqueue: (key: string) => void): EventHandler<KubeObject> {
  const key = (node: KubeObject) => `${NODE_PREFIX}${node.metadata?.name ?? ''}`;
  return {
    onAdd: (node) => enqueue(key(node)),
    onUpdate: (old, node) => {
      if (!isDeepStrictEqual(noExecuteTaints(taintsOf(old)), noExecuteTaints(taintsOf(node)))) enqueue(key(node));
    },
    onDelete: (object) => enqueue(key(deletedObject(object))),
  };
}

/** PodUpdated: a pod added or deleted, or whose node or tolerations changed. */
export function podEventHandler(enqueue: (key: string) => void): EventHandler<KubeObject> {
  const key = (pod: KubeObject) => `${POD_PREFIX}${podKey(pod.metadata?.namespace, pod.metadata?.name)}`;
  return {
    onAdd: (pod) => enqueue(key(pod)),
    onUpdate: (old, pod) => {
      if (nodeNameOf(old) !== nodeNameOf(pod) || !isDeepStrictEqual(tolerationsOf(old), tolerationsOf(pod))) enqueue(key(pod));
    },
    onDelete: (object) => enqueue(key(deletedObject(object))),
  };
}
