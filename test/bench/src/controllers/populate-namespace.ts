import { expectOk, type HttpClient } from '../http-client.js';
import { progress } from '../report.js';

/** What the namespace-deletion phase fills its namespace with, besides a Deployment's pods. */
export interface NamespaceMix {
  readonly deploymentReplicas: number;
  readonly configMaps: number;
  readonly secrets: number;
  readonly serviceAccounts: number;
  readonly roles: number;
  readonly roleBindings: number;
}

/** 5,000 objects: a 500-pod Deployment (with its ReplicaSet) and 4,500 objects of five kinds. */
export const DEFAULT_MIX: NamespaceMix = { deploymentReplicas: 500, configMaps: 2000, secrets: 1500, serviceAccounts: 500, roles: 250, roleBindings: 250 };

/** Sends `requests` with at most `concurrency` in flight. */
async function inParallel(requests: readonly (() => Promise<unknown>)[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) await requests[next++]!();
    }),
  );
}

/** Creates the namespace's objects (the Deployment's pods come from the controllers). */
export async function populateNamespace(client: HttpClient, namespace: string, mix: NamespaceMix, concurrency: number, deployment: object): Promise<void> {
  const post = (path: string, body: object) => () => expectOk(client.request('POST', `${path}`, body));
  const ns = `/api/v1/namespaces/${namespace}`;
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`;
  const range = (n: number) => Array.from({ length: n }, (_, i) => String(i).padStart(5, '0'));
  const requests = [
    post(`/apis/apps/v1/namespaces/${namespace}/deployments`, deployment),
    ...range(mix.configMaps).map((i) => post(`${ns}/configmaps`, { metadata: { name: `cm-${i}` }, data: { key: `value-${i}` } })),
    ...range(mix.secrets).map((i) => post(`${ns}/secrets`, { metadata: { name: `secret-${i}` }, stringData: { password: `p-${i}` } })),
    ...range(mix.serviceAccounts).map((i) => post(`${ns}/serviceaccounts`, { metadata: { name: `sa-${i}` } })),
    ...range(mix.roles).map((i) => post(`${rbac}/roles`, { metadata: { name: `role-${i}` }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] })),
    ...range(mix.roleBindings).map((i) =>
      post(`${rbac}/rolebindings`, { metadata: { name: `binding-${i}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `role-${i}` }, subjects: [{ kind: 'ServiceAccount', name: `sa-${i}`, namespace }] }),
    ),
  ];
  progress(`creating ${requests.length} objects in ${namespace} (${concurrency} at a time)`);
  await inParallel(requests, concurrency);
}
