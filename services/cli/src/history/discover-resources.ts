import type { KubeClient } from '@kubeledger/client';
import type { DiscoveredResource } from './resolve-resource.js';

interface APIVersions {
  versions?: string[];
}
interface APIGroupList {
  groups?: Array<{ name: string; versions?: Array<{ version: string }>; preferredVersion?: { version: string } }>;
}
interface APIResourceList {
  resources?: Array<{ name: string; singularName?: string; namespaced: boolean; kind: string; shortNames?: string[] }>;
}

/**
 * What the apiserver serves, from legacy discovery (`/api`, `/apis`, then each group-version's
 * resource list), in the order kubectl prefers: the core group first, then the groups as `/apis`
 * lists them, each group's preferred version first. A group-version whose list fails is left out
 * unless all do.
 */
export async function discoverResources(client: KubeClient): Promise<DiscoveredResource[]> {
  const [core, named] = await Promise.all([client.requestJson<APIVersions>('GET', '/api'), client.requestJson<APIGroupList>('GET', '/apis')]);
  const groupVersions: Array<{ group: string; version: string }> = (core.versions ?? []).map((version) => ({ group: '', version }));
  for (const group of named.groups ?? []) {
    const versions = (group.versions ?? []).map((v) => v.version);
    const preferred = group.preferredVersion?.version;
    const ordered = preferred ? [preferred, ...versions.filter((v) => v !== preferred)] : versions;
    for (const version of ordered) groupVersions.push({ group: group.name, version });
  }
  const lists = await Promise.allSettled(
    groupVersions.map(({ group, version }) => client.requestJson<APIResourceList>('GET', group ? `/apis/${group}/${version}` : `/api/${version}`)),
  );
  const failed = lists.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failed && lists.every((l) => l.status === 'rejected')) throw failed.reason;
  return lists.flatMap((list, i) => {
    if (list.status === 'rejected') return [];
    const { group, version } = groupVersions[i]!;
    return (list.value.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({ group, version, resource: r.name, namespaced: r.namespaced, kind: r.kind, singular: r.singularName ?? '', shortNames: r.shortNames ?? [] }));
  });
}
