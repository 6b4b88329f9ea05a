import type { WatchCache } from '../watch/watch-cache.js';
import { informFromCache } from '../watch/cache-informer.js';
import type { RbacAuthorizer } from './rbac/rbac-authorizer.js';
import { RBAC_GROUP, type RbacResource } from './rbac/rbac-types.js';

const RBAC_RESOURCES: readonly RbacResource[] = ['clusterroles', 'roles', 'clusterrolebindings', 'rolebindings'];

/**
 * Keeps the RBAC authorizer's index current from this replica's watch cache: every Role,
 * ClusterRole and binding now, then each change as the cache receives it (a binding change takes
 * effect as soon as the relay's event reaches this replica — milliseconds). Resolves once the
 * index holds everything the cache has; returns a function that stops it.
 */
export async function startRbacIndex(cache: WatchCache, rbac: RbacAuthorizer): Promise<() => void> {
  const stops = await Promise.all(
    RBAC_RESOURCES.map((resource) =>
      informFromCache(cache, { group: RBAC_GROUP, resource }, {
        upsert: (object) => rbac.upsert(resource, object),
        remove: (object) => rbac.remove(resource, object.metadata?.namespace ?? '', object.metadata?.name ?? ''),
        reset: () => rbac.replace(resource, []),
      }),
    ),
  );
  return () => stops.forEach((stop) => stop());
}
