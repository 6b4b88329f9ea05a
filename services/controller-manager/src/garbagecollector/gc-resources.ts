import type { ResourceRef } from '@kubeledger/client';
import type { DiscoveredResource } from '../controller-utils/discover-resources.js';

/** A resource the garbage collector watches: its REST coordinates and the kind owner references name it by. */
export interface GcResource extends ResourceRef {
  readonly kind: string;
  /** `v1`, `apps/v1`. */
  readonly apiVersion: string;
}

/** The verbs a resource needs for the garbage collector to watch it (upstream's GetDeletableResources). */
export const GC_VERBS = Object.freeze(['delete', 'list', 'watch'] as const);

/** What upstream's garbage collector ignores by default (`--ignored-resources` of the garbagecollector config): events, core and events.k8s.io. */
export const GC_IGNORED_RESOURCES: readonly Pick<ResourceRef, 'group' | 'resource'>[] = Object.freeze([
  { group: '', resource: 'events' },
  { group: 'events.k8s.io', resource: 'events' },
]);

/** The group of an apiVersion: `apps/v1` → `apps`, `v1` → `''`. */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

const ignored = (r: ResourceRef) => GC_IGNORED_RESOURCES.some((i) => i.group === r.group && i.resource === r.resource);

/**
 * The resources the garbage collector watches, from what discovery found (upstream's
 * `GetDeletableResources`): every top-level resource served with list, watch and delete, less the
 * ignored ones ({@link GC_IGNORED_RESOURCES}), with the kind discovery names. Discovery lists the
 * preferred version of each group only, so a kind maps to one resource.
 */
export function deletableResources(discovered: readonly DiscoveredResource[]): GcResource[] {
  return discovered
    .filter((r) => !r.resource.includes('/') && r.kind !== '' && GC_VERBS.every((v) => r.verbs.includes(v)) && !ignored(r))
    .map((r) =>
      Object.freeze({ group: r.group, version: r.version, resource: r.resource, namespaced: r.namespaced, kind: r.kind, apiVersion: r.group ? `${r.group}/${r.version}` : r.version }),
    );
}

/** The key of a resource. */
const gcResourceKey = (r: ResourceRef): string => `${r.group}/${r.version}/${r.resource}`;

/**
 * The watched resources by group and kind (upstream's REST mapping of owner references, reset on
 * each rediscovery): {@link add} grows it; {@link forKind} maps a reference.
 */
export class GcResourceMap {
  readonly #byKey = new Map<string, GcResource>();
  readonly #byGroupKind = new Map<string, GcResource>();

  constructor(resources: readonly GcResource[] = []) {
    this.add(resources);
  }

  /** Adds the resources not held yet; answers those added. */
  add(resources: readonly GcResource[]): GcResource[] {
    const added = resources.filter((r) => !this.#byKey.has(gcResourceKey(r)));
    for (const r of added) {
      this.#byKey.set(gcResourceKey(r), r);
      this.#byGroupKind.set(`${r.group}/${r.kind}`, r);
    }
    return added;
  }

  get resources(): readonly GcResource[] {
    return [...this.#byKey.values()];
  }

  /**
   * The watched resource an owner reference's apiVersion and kind name, by group and kind: any
   * version of a served kind maps to the served version (the owner is looked up by name and
   * compared by uid, which no version changes). Undefined for a kind this cluster does not serve
   * (or the garbage collector does not watch): such references are left alone.
   */
  forKind(apiVersion: string, kind: string): GcResource | undefined {
    return this.#byGroupKind.get(`${groupOf(apiVersion)}/${kind}`);
  }
}
