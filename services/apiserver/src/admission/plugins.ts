import { isStatusError, objectKey } from '@kubeledger/api';
import type { Registry } from '../registry/registry.js';
import type { WatchCache } from '../watch/watch-cache.js';
import { AdmissionChain } from './admission-chain.js';
import { namespaceLifecycle } from './namespace-lifecycle/namespace-lifecycle.js';

/** Every admission plugin, in the order they run. */
export function admissionChain(registry: Registry, watchCache: WatchCache): AdmissionChain {
  const namespaces = registry.find('', 'v1', 'namespaces')!;
  // As upstream's plugin reads its namespace informer: from the watch cache, and from storage only
  // when the cache does not have it (yet) — a namespace created a moment ago on another replica.
  const live = (name: string) =>
    namespaces.get('', name).catch((err: unknown) => {
      if (isStatusError(err) && err.code === 404) return undefined;
      throw err;
    });
  return new AdmissionChain([
    namespaceLifecycle(async (name) => watchCache.get(objectKey({ group: '', resource: 'namespaces', namespace: '', name })) ?? live(name)),
  ]);
}
