import type { KubeObject } from '@kubeledger/api';

/** `<namespace>/<name>`: how the queue, the assumed pods and the informer's store name a pod. */
export const podKey = (pod: KubeObject): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

/** The namespace and name back from a {@link podKey}. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
