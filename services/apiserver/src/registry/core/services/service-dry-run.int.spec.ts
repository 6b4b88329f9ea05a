import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError, type KubeObject } from '@kubeledger/api';
import { openTestStore, type TestStore } from '@kubeledger/event-store/testing';
import { Registry } from '../../registry.js';
import { RESOURCES } from '../../resources.js';

const ctx = { actor: { user: 'test' } };
const dryRun = { dryRun: true };
const svc = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
const specOf = (o: KubeObject) => o['spec'] as { clusterIP?: string; clusterIPs?: string[]; ports: Array<{ nodePort?: number }> };

async function failure(promise: Promise<unknown>): Promise<{ code: number; message?: string }> {
  try {
    await promise;
  } catch (err) {
    if (isStatusError(err)) return err.status;
    throw err;
  }
  throw new Error('expected a Status error');
}

describe('Service cluster IPs and node ports on a dry run (upstream allocator DryRun)', () => {
  let t: TestStore;
  let registry: Registry;
  const services = () => registry.find('', 'v1', 'services')!;
  const ipClaims = async () => (await t.store.list({ scope: { group: 'networking.k8s.io', resource: 'ipaddresses' } })).items.map((i) => i.object.metadata?.name);
  const portClaims = async () => (await t.store.list({ scope: { group: 'internal.kubeledger.io', resource: 'servicenodeports' } })).items.map((i) => i.object.metadata?.name);

  beforeAll(async () => {
    t = await openTestStore({}, 'svcdryrun');
    registry = new Registry(t.store, RESOURCES, { serviceCidr: '10.0.0.0/29', nodePortRange: '30000-30003' });
  });
  afterAll(() => t.cleanup());

  it('a dry-run create answers a free cluster IP of the range and claims nothing', async () => {
    const answered = await services().create('default', svc('ghost'), ctx, dryRun);
    const { clusterIP, clusterIPs } = specOf(answered);
    expect(clusterIP).toMatch(/^10\.0\.0\.[1-6]$/);
    expect(clusterIPs).toEqual([clusterIP]);
    expect(await ipClaims()).toEqual([]);
    expect(await services().get('default', 'ghost').catch((err: unknown) => (isStatusError(err) ? err.status.code : err))).toBe(404);
  });

  it('a dry-run create never answers an IP another Service holds, and refuses a requested one that is taken', async () => {
    const real = specOf(await services().create('default', svc('real'), ctx)).clusterIP!;
    expect(await ipClaims()).toEqual([real]);
    for (let i = 0; i < 20; i++) expect(specOf(await services().create('default', svc('ghost'), ctx, dryRun)).clusterIP).not.toBe(real);
    expect(await failure(services().create('default', svc('ghost', { clusterIP: real }), ctx, dryRun))).toMatchObject({
      code: 422,
      message: `Service "ghost" is invalid: spec.clusterIPs: Invalid value: ["${real}"]: failed to allocate IP ${real}: provided IP is already allocated`,
    });
    const free = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].find((ip) => ip !== real)!;
    expect(specOf(await services().create('default', svc('ghost', { clusterIP: free }), ctx, dryRun)).clusterIP).toBe(free);
    expect(await ipClaims()).toEqual([real]);
  });

  it('a dry-run NodePort Service answers node ports from the range and claims none', async () => {
    const answered = await services().create('default', svc('np', { type: 'NodePort' }), ctx, dryRun);
    const port = specOf(answered).ports[0]!.nodePort!;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(30003);
    expect(await portClaims()).toEqual([]);
  });

  it('a dry-run update from ExternalName to ClusterIP answers an IP and claims nothing', async () => {
    const ext = await services().create('default', svc('ext', { type: 'ExternalName', externalName: 'example.com', selector: undefined }), ctx);
    const updated = await services().update('default', 'ext', { ...ext, spec: { selector: { app: 'ext' }, ports: [{ port: 80 }], type: 'ClusterIP' } }, ctx, dryRun);
    expect(specOf(updated.object).clusterIP).toMatch(/^10\.0\.0\.[1-6]$/);
    expect(await ipClaims()).toHaveLength(1);
    expect(specOf(await services().get('default', 'ext')).clusterIP).toBeUndefined();
  });
});
