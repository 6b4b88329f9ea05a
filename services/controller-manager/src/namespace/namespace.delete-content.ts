import type { KubeObject } from '@kubeledger/api';
import type { ResourceRef } from '@kubeledger/client';
import { discoveryFailure, type Discovery, type DiscoveredResource } from '../controller-utils/discover-resources.js';
import { estimatePodTermination, summarizeContentDeletion, type ContentDeletionSummary, type ResourceDeletion } from './plan-content-deletion.js';

export interface DeleteContentDeps {
  readonly discover: () => Promise<Discovery>;
  /** DELETE of the resource's collection in the namespace (propagation Background). */
  readonly deleteCollection: (resource: ResourceRef, namespace: string) => Promise<void>;
  readonly list: (resource: ResourceRef, namespace: string) => Promise<readonly KubeObject[]>;
  /** The namespace's pods as cached (for the graceful termination estimate). */
  readonly cachedPods: (namespace: string) => readonly KubeObject[];
  /** 405 or 404: the resource does not serve the verb after all (upstream's opCache). */
  readonly isNotSupported: (err: unknown) => boolean;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The namespaced resources whose content the namespace controller deletes: those served with list and deletecollection. */
export const deletableResources = (discovery: Discovery): DiscoveredResource[] =>
  discovery.resources.filter((r) => r.namespaced && r.verbs.includes('list') && r.verbs.includes('deletecollection'));

/**
 * deleteAllContent: for every deletable namespaced resource, one deletecollection in the
 * namespace, then a list of what remains (pods deleted gracefully, objects held by finalizers).
 * The resources are done concurrently: one request each per round, whatever their size.
 */
export async function deleteContent(namespace: string, deps: DeleteContentDeps): Promise<ContentDeletionSummary> {
  let discovery: Discovery;
  try {
    discovery = await deps.discover();
  } catch (err) {
    return summarizeContentDeletion([], messageOf(err));
  }
  const results = await Promise.all(deletableResources(discovery).map((r) => deleteResource(r, namespace, deps)));
  const failure = discoveryFailure(discovery);
  return summarizeContentDeletion(results, failure === undefined ? undefined : `Discovery failed for some groups, ${discovery.failedGroups.length} failing: ${failure}`);
}

async function deleteResource(r: DiscoveredResource, namespace: string, deps: DeleteContentDeps): Promise<ResourceDeletion> {
  const base = { resource: `${r.resource}.${r.group}`, gvr: `${r.group}/${r.version}, Resource=${r.resource}` };
  const estimate = r.group === '' && r.resource === 'pods' ? estimatePodTermination(deps.cachedPods(namespace)) : 0;
  try {
    await deps.deleteCollection(r, namespace);
  } catch (err) {
    if (!deps.isNotSupported(err)) return { ...base, estimate, error: messageOf(err) };
  }
  try {
    return { ...base, estimate, remaining: await deps.list(r, namespace) };
  } catch (err) {
    if (deps.isNotSupported(err)) return { ...base, estimate };
    return { ...base, estimate, error: messageOf(err) };
  }
}
