import type { ResourceRef } from '@kubeledger/client';

/** A resource the apiserver serves, as discovery lists it (subresources left out). */
export interface DiscoveredResource extends ResourceRef {
  readonly kind: string;
  /** `singularName`; `''` when discovery gives none. */
  readonly singular: string;
  readonly shortNames: readonly string[];
}

interface Wanted {
  readonly name: string;
  readonly group?: string;
  readonly version?: string;
}

/**
 * The resource a kubectl-style type names — `pod`, `pods`, `po`, `Pod`, `deploy`,
 * `deployments.apps`, `deployment.v1.apps` — among `resources` in discovery order (the core group
 * first, then the groups as `/apis` lists them, each group's preferred version first), as kubectl's
 * RESTMapper resolves it: `<resource>.<version>.<group>` when that matches, else
 * `<resource>.<group>`; a short name first (kubectl expands short names before mapping), then the
 * plural, singular or kind. Undefined when nothing matches.
 */
export function resolveResource(type: string, resources: readonly DiscoveredResource[]): DiscoveredResource | undefined {
  for (const wanted of readings(type.toLowerCase())) {
    const inGroup = resources.filter((r) => (wanted.group === undefined || r.group === wanted.group) && (wanted.version === undefined || r.version === wanted.version));
    const found =
      inGroup.find((r) => r.shortNames.some((s) => s.toLowerCase() === wanted.name)) ??
      inGroup.find((r) => r.resource === wanted.name || r.singular === wanted.name || r.kind.toLowerCase() === wanted.name);
    if (found) return found;
  }
  return undefined;
}

/** schema.ParseResourceArg: `a.b.c` may be resource.version.group, and is anyway resource.group (`b.c`). */
function readings(type: string): Wanted[] {
  const dot = type.indexOf('.');
  if (dot < 0) return [{ name: type }];
  const parts = type.split('.');
  const byGroup = { name: type.slice(0, dot), group: type.slice(dot + 1) };
  return parts.length >= 3 ? [{ name: parts[0]!, version: parts[1]!, group: parts.slice(2).join('.') }, byGroup] : [byGroup];
}

/** `deployments.apps`, `pods`: how kubectl names a resource in its messages. */
export const resourceName = (r: ResourceRef): string => (r.group ? `${r.resource}.${r.group}` : r.resource);
