import { groupVersion, type ResourceDefinition } from '../registry/resource-definition.js';

/** The documents of legacy and aggregated discovery, derived from the resource table. */
export interface GroupVersionRef {
  readonly groupVersion: string;
  readonly version: string;
}

/** Named groups in table order, each with its versions (the first is preferred). */
function namedGroups(resources: readonly ResourceDefinition[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    if (!r.group) continue;
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return groups;
}

/** GET /api */
export const apiVersions = (serverAddress: string) => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
});

function apiGroup(name: string, versions: readonly string[]) {
  const refs: GroupVersionRef[] = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: refs, preferredVersion: refs[0]! };
}

/** GET /apis */
export const apiGroupList = (resources: readonly ResourceDefinition[]) => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [...namedGroups(resources)].map(([name, versions]) => apiGroup(name, versions)),
});

/** GET /apis/<group>, or undefined when the group is not served. */
export function apiGroupDocument(resources: readonly ResourceDefinition[], name: string) {
  const versions = namedGroups(resources).get(name);
  return versions && { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(name, versions) };
}

/** GET /api/v1, /apis/<group>/<version>: or undefined when the group-version is not served. */
export function apiResourceList(resources: readonly ResourceDefinition[], group: string, version: string) {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: served.flatMap((r) => [
      {
        name: r.resource,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: [...r.verbs],
        ...(r.shortNames && { shortNames: [...r.shortNames] }),
        ...(r.categories && { categories: [...r.categories] }),
      },
      ...(r.subresources ?? []).map((s) => ({
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(s.kind.group !== group || s.kind.version !== version ? { group: s.kind.group, version: s.kind.version } : {}),
        kind: s.kind.kind,
        verbs: [...s.verbs],
      })),
    ]),
  };
}

/** Aggregated discovery (apidiscovery.k8s.io/v2): `/api` holds the core group, `/apis` the named ones. */
export function apiGroupDiscoveryList(resources: readonly ResourceDefinition[], core: boolean) {
  const groups = core ? new Map([['', ['v1']]]) : namedGroups(resources);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groups].map(([name, versions]) => ({
      metadata: { name },
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: resources
          .filter((r) => r.group === name && r.version === version)
          .map((r) => ({
            resource: r.resource,
            responseKind: { group: r.group, version: r.version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singular,
            verbs: [...r.verbs],
            ...(r.shortNames && { shortNames: [...r.shortNames] }),
            ...(r.categories && { categories: [...r.categories] }),
            ...(r.subresources && {
              subresources: r.subresources.map((s) => ({ subresource: s.name, responseKind: { ...s.kind }, verbs: [...s.verbs] })),
            }),
          })),
      })),
    })),
  };
}

export const AGGREGATED_DISCOVERY_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the Accept header asks for aggregated discovery v2 (clients list it before plain JSON). */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params[0] === 'application/json' && params.includes('g=apidiscovery.k8s.io') && params.includes('v=v2') && params.includes('as=APIGroupDiscoveryList');
  });
}
