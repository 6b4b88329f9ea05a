import { expectOk, type HttpClient } from './http-client.js';

/**
 * Creates a namespace the benchmark creates pods in, with its `default` ServiceAccount, which the
 * ServiceAccount admission plugin requires of every pod. The controller-manager creates that
 * account in a cluster; an apiserver benchmarked on its own has none, so it is created here (a
 * 409, the controller-manager having been quicker, is fine).
 */
export async function createPodNamespace(client: HttpClient, name: string): Promise<void> {
  await expectOk(client.request('POST', '/api/v1/namespaces', { metadata: { name } }));
  const res = await client.request('POST', `/api/v1/namespaces/${name}/serviceaccounts`, { metadata: { name: 'default' } });
  if (res.status !== 201 && res.status !== 409) throw new Error(`creating the default ServiceAccount of ${name}: HTTP ${res.status}: ${res.body.toString()}`);
}
