import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@kubeledger/bus/testing';
import { ENDPOINTSLICES, KubeClient, loadKubeconfig, SERVICES } from '@kubeledger/client';
import { componentKubeconfig, startApiserver, startComponent, type ApiserverProcess, type ComponentProcess } from '@kubeledger/test-cluster';

/** GET http://host:port/ — the body, or the error code when nothing answers. */
function get(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    http
      .get({ host, port, path: '/', agent: false, timeout: 2_000 }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(text));
      })
      .on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy();
      });
  });
}

/**
 * The proxy process (services/proxy) against the real apiserver, as `system:kube-proxy`:
 * Services get ClusterIPs from the default loopback range, and the proxy listens on each
 * ClusterIP:port (and NodePort on 127.0.0.1) and forwards to the ready endpoints of the Service's
 * EndpointSlices — here written by hand, pointing at HTTP servers standing in for pods.
 */
describe('proxy: Service ClusterIP and NodePort to ready endpoints', () => {
  let server: ApiserverProcess;
  let admin: KubeClient;
  let proxy: ComponentProcess;
  const backends: http.Server[] = [];
  const backend = (body: string) =>
    new Promise<number>((resolve) => {
      const s = http.createServer((_q, r) => r.end(body)).listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port));
      backends.push(s);
    });

  beforeAll(async () => {
    // No controller-manager creates the `default` ServiceAccount here: the ServiceAccount admission plugin would refuse pods.
    server = await startApiserver({ KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount' });
    admin = new KubeClient(loadKubeconfig(server.kubeconfig));
    proxy = await startComponent('proxy', server, await componentKubeconfig(server, 'system:kube-proxy'), {}, /\[proxy\] ready/);
  });

  afterAll(async () => {
    await proxy?.stop();
    await admin?.close();
    await server?.stop();
    for (const s of backends) s.close();
  });

  it('routes a ClusterIP and a NodePort to the ready endpoints, follows endpoint changes, and refuses when there are none', async () => {
    const [a, b] = await Promise.all([backend('from a'), backend('from b')]);
    const service = await admin.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'NodePort', ports: [{ name: 'http', port: 18080, targetPort: 8080 }] },
    });
    const spec = service['spec'] as { clusterIP: string; ports: Array<{ nodePort: number }> };
    expect(spec.clusterIP).toMatch(/^127\.(9[6-9]|10[0-9]|11[01])\./); // the default loopback service range
    const slice = (ports: number[], ready = true) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-manual', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      // Both "pods" listen on 127.0.0.1, each on its own port: one slice per port, as pods naming targetPort differently get.
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready } }],
      ports: [{ name: 'http', port: ports[0], protocol: 'TCP' }],
    });
    await admin.create(ENDPOINTSLICES, 'default', slice([a]));
    await admin.create(ENDPOINTSLICES, 'default', { ...slice([b]), metadata: { name: 'web-manual-2', labels: { 'kubernetes.io/service-name': 'web' } } });

    await waitUntil(async () => (await get(spec.clusterIP, 18080)).startsWith('from'), 5_000, 'the ClusterIP to answer');
    const answers = new Set<string>();
    for (let i = 0; i < 6; i++) answers.add(await get(spec.clusterIP, 18080));
    expect([...answers].sort()).toEqual(['from a', 'from b']);
    expect((await get('127.0.0.1', spec.ports[0]!.nodePort)).startsWith('from')).toBe(true);

    // b's endpoint turns unready: only a answers.
    const current = await admin.get(ENDPOINTSLICES, 'default', 'web-manual-2');
    await admin.update(ENDPOINTSLICES, 'default', { ...current, endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: false } }] });
    await waitUntil(async () => {
      for (let i = 0; i < 4; i++) if ((await get(spec.clusterIP, 18080)) !== 'from a') return false;
      return true;
    }, 5_000, 'only a to answer');

    await admin.delete(ENDPOINTSLICES, 'default', 'web-manual');
    await waitUntil(async () => ['ECONNRESET', 'socket hang up', 'error'].includes(await get(spec.clusterIP, 18080)), 5_000, 'no endpoint to answer');

    await admin.delete(SERVICES, 'default', 'web');
    await waitUntil(async () => (await get(spec.clusterIP, 18080)) === 'ECONNREFUSED', 5_000, 'the ClusterIP to stop listening');
    expect(proxy.output.some((l) => /forbidden/i.test(l))).toBe(false);
  });
});
