import { expectOk, type HttpClient } from '../http-client.js';

interface ApiResource {
  readonly name: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

/** The list path of every namespaced, listable resource the server serves (discovery), `{ns}` to fill in. */
export async function namespacedListPaths(client: HttpClient): Promise<readonly string[]> {
  const get = async <T>(path: string) => JSON.parse((await expectOk(client.request('GET', path))).body.toString()) as T;
  const groupVersions = ['/api/v1'];
  const groups = await get<{ groups: { preferredVersion: { groupVersion: string } }[] }>('/apis');
  for (const g of groups.groups) groupVersions.push(`/apis/${g.preferredVersion.groupVersion}`);
  const paths: string[] = [];
  for (const gv of groupVersions) {
    const list = await get<{ resources: ApiResource[] }>(gv);
    for (const r of list.resources) {
      if (r.namespaced && !r.name.includes('/') && r.verbs.includes('list')) paths.push(`${gv}/namespaces/{ns}/${r.name}`);
    }
  }
  return paths;
}

/** How many objects of each resource the namespace holds (resources with none left out). */
export async function countNamespaceContents(client: HttpClient, listPaths: readonly string[], namespace: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await Promise.all(
    listPaths.map(async (p) => {
      const path = p.replace('{ns}', namespace);
      const items = (JSON.parse((await expectOk(client.request('GET', path))).body.toString()) as { items: unknown[] }).items.length;
      if (items > 0) counts[path.slice(path.lastIndexOf('/') + 1)] = items;
    }),
  );
  return counts;
}
