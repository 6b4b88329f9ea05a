import { objectKey, scopePrefix, type KubeObject } from '@kubeledger/api';
import type { WatchCache } from '../../watch/watch-cache.js';
import type { NodeGraph } from './node-authorizer.js';

/** The Node authorizer's view of pods, read from this replica's watch cache. */
export function cacheNodeGraph(cache: WatchCache): NodeGraph {
  return {
    pod: (namespace, name) => cache.get(objectKey({ group: '', resource: 'pods', namespace, name })),
    podsOn: (node, namespace) =>
      cache.snapshot(scopePrefix({ group: '', resource: 'pods', namespace }), (pod: KubeObject) => ((pod['spec'] ?? {}) as { nodeName?: string }).nodeName === node).objects,
  };
}
