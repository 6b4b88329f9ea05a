import { isDeepStrictEqual } from 'node:util';
import { isNotFound, PODS, retryOnConflict, type KubeClient } from '@kubeledger/client';
import type { PodStepDeps } from './pod-deps.js';
import { podUid, type Pod } from './pod.js';

/**
 * The status write of the pod steps (upstream's status manager syncPod): PUT pods/<name>/status
 * with the resourceVersion the status was built on, only when the status changed; a 409 reads
 * the pod again and builds again (retryOnConflict). False when the pod is gone or was replaced.
 */
export function podStatusWriter(client: Pick<KubeClient, 'get' | 'updateStatus'>): PodStepDeps['writeStatus'] {
  return async (pod, build) => {
    const namespace = pod.metadata?.namespace;
    const name = pod.metadata?.name ?? '';
    let current: Pod | undefined = pod;
    try {
      return await retryOnConflict(async () => {
        current ??= await client.get<Pod>(PODS, namespace, name);
        const base = current;
        current = undefined; // a retry reads it again
        if (podUid(base) !== podUid(pod)) return false;
        const status = build(base);
        if (isDeepStrictEqual(status, base.status ?? {})) return true;
        await client.updateStatus(PODS, namespace, { ...base, apiVersion: 'v1', kind: 'Pod', status });
        return true;
      });
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
}
