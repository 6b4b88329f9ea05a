import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError, type KubeObject } from '@kubeledger/api';
import { openTestStore, type TestStore } from '@kubeledger/event-store/testing';
import { reconcileKubernetesService } from '../../../bootstrap/kubernetes-service.js';
import { Registry } from '../../registry.js';
import { RESOURCES } from '../../resources.js';

const ctx = { actor: { user: 'test' } };
const svc = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });

const dryRun = { dryRun: true };
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

describe('Service cluster IPs and node ports, across replicas sharing one database', () => {
  let t: TestStore;
  // Two apiserver replicas: two registries over one event store.
  let a: Registry;
  let b: Registry;
  const services = (r: Registry) => r.find('', 'v1', 'services')!;
  const claim = (ip: string) => t.store.get({ group: 'networking.k8s.io', resource: 'ipaddresses', namespace: '', name: ip });
  const options = { serviceCidr: '10.0.0.0/28', nodePortRange: '30000-30003' };

  beforeAll(async () => {
    t = await openTestStore({}, 'svcalloc');
    a = new Registry(t.store, RESOURCES, options);
    b = new Registry(t.store, RESOURCES, options);
  });
  afterAll(() => t.cleanup());

  it('the kubernetes Service: the range first IP, 443 to the apiserver port, one however many replicas reconcile', async () => {
    const results = await Promise.all([reconcileKubernetesService(a, 6443), reconcileKubernetesService(b, 6443)]);
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    const kubernetes = await services(a).get('default', 'kubernetes');
    expect(kubernetes).toMatchObject({
      metadata: { labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    });
    expect(await reconcileKubernetesService(a, 6443)).toBe('unchanged');
    expect(await reconcileKubernetesService(b, 7443)).toBe('updated');
    expect((await services(a).get('default', 'kubernetes'))['spec']).toMatchObject({ clusterIP: '10.0.0.1', ports: [{ targetPort: 7443 }] });
    await reconcileKubernetesService(a, 6443);
  });

  it('allocates a free IP from the range, records its claim, and releases it on delete', async () => {
    const created = await services(a).create('default', svc('web'), ctx);
    const spec = created['spec'] as { clusterIP: string; clusterIPs: string[]; ipFamilies: string[]; ipFamilyPolicy: string };
    expect(spec.clusterIP).toMatch(/^10\.0\.0\.([2-9]|1[0-4])$/);
    expect(spec).toMatchObject({ clusterIPs: [spec.clusterIP], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect((await claim(spec.clusterIP))?.object).toMatchObject({ kind: 'IPAddress', spec: { parentRef: { resource: 'services', namespace: 'default', name: 'web' } } });
    const deleted = await services(a).delete('default', 'web', {}, ctx);
    expect(deleted.object['spec']).toMatchObject({ clusterIP: spec.clusterIP });
    expect(await claim(spec.clusterIP)).toBeUndefined();
  });

  it('gives a requested IP once, refuses one out of range or taken with upstream messages', async () => {
    await services(a).create('default', svc('pick', { clusterIP: '10.0.0.9' }), ctx);
    expect(await failure(services(b).create('default', svc('taken', { clusterIP: '10.0.0.9' }), ctx))).toMatchObject({
      code: 422,
      message: 'Service "taken" is invalid: spec.clusterIPs: Invalid value: ["10.0.0.9"]: failed to allocate IP 10.0.0.9: provided IP is already allocated',
    });
    expect(await failure(services(a).create('default', svc('far', { clusterIP: '10.1.0.9' }), ctx))).toMatchObject({
      code: 422,
      message: 'Service "far" is invalid: spec.clusterIPs: Invalid value: ["10.1.0.9"]: failed to allocate IP 10.1.0.9: the provided IP (10.1.0.9) is not in the valid range. The range of valid IPs is 10.0.0.0/28',
    });
    expect(await failure(services(a).create('default', svc('edge', { clusterIP: '10.0.0.15' }), ctx))).toMatchObject({ code: 422 });
    // A create that fails after claiming gives the IP back.
    expect(await failure(services(a).create('default', svc('pick', { clusterIP: '10.0.0.8' }), ctx))).toMatchObject({ code: 409 });
    expect(await claim('10.0.0.8')).toBeUndefined();
    // The IP is immutable; left out of an update, it stays.
    const pick = await services(a).get('default', 'pick');
    expect(await failure(services(a).update('default', 'pick', { ...pick, spec: { ...(pick['spec'] as object), clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10'] } }, ctx))).toMatchObject({
      code: 422,
      message: 'Service "pick" is invalid: spec.clusterIPs[0]: Invalid value: ["10.0.0.10"]: may not change once set',
    });
    const kept = await services(b).update('default', 'pick', svc('pick', { ports: [{ port: 8080 }] }), ctx);
    expect(kept.object['spec']).toMatchObject({ clusterIP: '10.0.0.9', ports: [{ port: 8080 }] });
    await services(a).delete('default', 'pick', {}, ctx);
  });

  it('decides concurrent claims of one IP by the store: exactly one replica wins', async () => {
    const outcomes = await Promise.allSettled([
      services(a).create('default', svc('race-a', { clusterIP: '10.0.0.7' }), ctx),
      services(b).create('default', svc('race-b', { clusterIP: '10.0.0.7' }), ctx),
      services(a).create('default', svc('race-c', { clusterIP: '10.0.0.7' }), ctx),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason.status).toMatchObject({ code: 422 });
    const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
    expect((await claim('10.0.0.7'))?.object['spec']).toMatchObject({ parentRef: { name: ['race-a', 'race-b', 'race-c'][winner] } });
  });

  it('hands out distinct IPs to concurrent creates until the range is full (500, as upstream)', async () => {
    const taken = new Set([(await services(a).get('default', 'kubernetes'))['spec'] as { clusterIP: string }].map((s) => s.clusterIP));
    const existing = (await services(a).list({ namespace: '' })).items.length;
    const free = 14 - existing;
    const created = await Promise.all(Array.from({ length: free }, (_, i) => (i % 2 ? services(a) : services(b)).create('default', svc(`many-${i}`), ctx)));
    const ips = created.map((s) => (s['spec'] as { clusterIP: string }).clusterIP);
    expect(new Set(ips).size).toBe(free);
    for (const ip of ips) expect(taken.has(ip)).toBe(false);
    expect(await failure(services(a).create('default', svc('one-too-many'), ctx))).toMatchObject({ code: 500, message: 'Internal error occurred: failed to allocate a serviceIP: range is full' });
    for (let i = 0; i < free; i++) await services(a).delete('default', `many-${i}`, {}, ctx);
  });

  it('takes back a claim its service never got (a create that died half way), once it is old', async () => {
    const old = new Date(Date.now() - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await t.store.create(
      {
        ref: { group: 'networking.k8s.io', resource: 'ipaddresses', namespace: '', name: '10.0.0.12' },
        object: { apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress', metadata: { name: '10.0.0.12', uid: '11111111-1111-4111-8111-111111111111', creationTimestamp: old }, spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'ghost' } } },
      },
      ctx,
    );
    const created = await services(a).create('default', svc('heir', { clusterIP: '10.0.0.12' }), ctx);
    expect(created['spec']).toMatchObject({ clusterIP: '10.0.0.12' });
    expect((await claim('10.0.0.12'))?.object['spec']).toMatchObject({ parentRef: { name: 'heir' } });
  });

  it('gives no IP to headless and ExternalName services', async () => {
    const headless = await services(a).create('default', svc('headless', { clusterIP: 'None' }), ctx);
    expect(headless['spec']).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
    const external = await services(a).create('default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } }, ctx);
    expect((external['spec'] as Record<string, unknown>)['clusterIP']).toBeUndefined();
  });

  it('allocates node ports in range, refuses others, and releases them when the type no longer needs them', async () => {
    const created = await services(a).create('default', svc('np', { type: 'NodePort' }), ctx);
    const nodePort = (created['spec'] as { ports: Array<{ nodePort: number }> }).ports[0]!.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(30003);
    expect(await failure(services(b).create('default', svc('np-far', { type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] }), ctx))).toMatchObject({
      code: 422,
      message: 'Service "np-far" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is not in the valid range. The range of valid ports is 30000-30003',
    });
    expect(await failure(services(b).create('default', svc('np-dup', { type: 'NodePort', ports: [{ port: 80, nodePort }] }), ctx))).toMatchObject({
      message: `Service "np-dup" is invalid: spec.ports[0].nodePort: Invalid value: ${nodePort}: provided port is already allocated`,
    });
    const asClusterIP = await services(a).update('default', 'np', svc('np', { type: 'ClusterIP' }), ctx);
    expect((asClusterIP.object['spec'] as { ports: Array<{ nodePort?: number }> }).ports[0]!.nodePort).toBeUndefined();
    expect(await services(b).create('default', svc('np-again', { type: 'NodePort', ports: [{ port: 80, nodePort }] }), ctx)).toBeDefined();
  });
});

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
