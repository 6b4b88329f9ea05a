import { isStatusError, objectKey, type KubeObject } from '@kubeledger/api';
import type { Registry } from '../registry/registry.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { TokenObjects } from './service-account-tokens.js';

type Readable = 'serviceaccounts' | 'pods' | 'secrets' | 'nodes';

/**
 * Reads the objects tokens name: from the watch cache (no query per request), and from storage
 * when the cache does not have it — it may lag a ServiceAccount created a moment ago, and a
 * deleted one must be confirmed gone before a token is refused.
 */
export function objectReader(cache: WatchCache, registry: Registry): (resource: Readable, namespace: string, name: string) => Promise<KubeObject | undefined> {
  return async (resource, namespace, name) => {
    const cached = cache.get(objectKey({ group: '', resource, namespace, name }));
    if (cached) return cached;
    try {
      return await registry.find('', 'v1', resource)!.get(namespace, name);
    } catch (err) {
      if (isStatusError(err) && err.code === 404) return undefined;
      throw err;
    }
  };
}

/** The lookups ServiceAccount token validation makes, over `read`. */
export function tokenObjects(read: ReturnType<typeof objectReader>): TokenObjects {
  const uid = async (resource: Readable, namespace: string, name: string) => (await read(resource, namespace, name))?.metadata?.uid;
  return {
    serviceAccountUid: (namespace, name) => uid('serviceaccounts', namespace, name),
    boundObjectUid: (namespace, kind, name) => (kind === 'Node' ? uid('nodes', '', name) : uid(kind === 'Pod' ? 'pods' : 'secrets', namespace, name)),
  };
}
