import type { ResourceRef } from '@kubeledger/client';

/** A served resource as discovery lists it: its REST coordinates and verbs. */
export interface DiscoveredResource extends ResourceRef {
  readonly kind: string;
  readonly verbs: readonly string[];
}

/** What discovery found: the resources of every group version that answered, and what failed (upstream's ErrGroupDiscoveryFailed). */
export interface Discovery {
  readonly resources: readonly DiscoveredResource[];
  /** `apps/v1: <why>` per group version that failed; empty when all answered. */
  readonly failedGroups: readonly string[];
}

/** GETs a discovery document (`/api/v1`, `/apis`, `/apis/<group>/<version>`) and parses it. */
export type GetDiscoveryDocument = (path: string) => Promise<unknown>;

interface ApiResourceList {
  readonly resources?: readonly { name: string; namespaced?: boolean; kind?: string; verbs?: string[] }[];
}
interface ApiGroupList {
  readonly groups?: readonly { name: string; preferredVersion?: { version: string }; versions?: readonly { version: string }[] }[];
}

/**
 * ServerPreferredResources: the core group's v1 and every group's preferred version, their
 * top-level resources (not subresources). A group version that fails is reported and skipped, as
 * client-go's discovery does; a failure of `/api/v1` or `/apis` itself rejects.
 */
export async function discoverResources(get: GetDiscoveryDocument): Promise<Discovery> {
  const [core, groups] = await Promise.all([get('/api/v1') as Promise<ApiResourceList>, get('/apis') as Promise<ApiGroupList>]);
  const resources: DiscoveredResource[] = [...resourcesOf('', 'v1', core)];
  const failedGroups: string[] = [];
  const versions = (groups.groups ?? []).flatMap((g) => {
    const version = g.preferredVersion?.version ?? g.versions?.[0]?.version;
    return version ? [{ group: g.name, version }] : [];
  });
  const lists = await Promise.allSettled(versions.map(({ group, version }) => get(`/apis/${group}/${version}`) as Promise<ApiResourceList>));
  lists.forEach((result, i) => {
    const { group, version } = versions[i]!;
    if (result.status === 'fulfilled') resources.push(...resourcesOf(group, version, result.value));
    else failedGroups.push(`${group}/${version}: ${(result.reason as Error)?.message ?? String(result.reason)}`);
  });
  return { resources, failedGroups };
}

function resourcesOf(group: string, version: string, list: ApiResourceList): DiscoveredResource[] {
  return (list.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => Object.freeze({ group, version, resource: r.name, namespaced: r.namespaced ?? false, kind: r.kind ?? '', verbs: r.verbs ?? [] }));
}

/** The message of a partial discovery failure (ErrGroupDiscoveryFailed's), undefined when none failed. */
export function discoveryFailure(discovery: Discovery): string | undefined {
  if (discovery.failedGroups.length === 0) return undefined;
  return `unable to retrieve the complete list of server APIs: ${[...discovery.failedGroups].sort().join(', ')}`;
}
