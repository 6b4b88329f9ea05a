import { describe, expect, it } from 'vitest';
import { Registry } from '../../registry/registry.js';
import { useTestApp } from '../../testing/use-test-app.js';
import { ADMISSION_PLUGIN_NAMES, admissionChain } from '../plugins.js';

const NS = '/api/v1/namespaces/sa';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
const account = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name }, ...extra });
const MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

describe('ServiceAccount admission (the apiserver with it enabled)', () => {
  const t = useTestApp('sa_admission', { env: { KUBELEDGER_DISABLE_ADMISSION_PLUGINS: '' } });

  it('refuses a pod while its namespace has no default ServiceAccount (403), in upstream\'s words', async () => {
    expect((await t.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sa' } })).statusCode).toBe(201);
    const res = await t.post(`${NS}/pods`, pod('early'));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: 'pods "early" is forbidden: error looking up service account sa/default: serviceaccount "default" not found' });
  });

  it('waits for `default` a moment: a pod created as the account appears is admitted', async () => {
    const created = t.post(`${NS}/pods`, pod('racing'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await t.post(`${NS}/serviceaccounts`, account('default'))).statusCode).toBe(201);
    const res = await created;
    expect(res.statusCode).toBe(201);
    expect(res.json().spec.serviceAccountName).toBe('default');
  });

  it('gives a pod the default ServiceAccount, the kube-api-access volume and its mount in every container', async () => {
    const res = await t.post(`${NS}/pods`, pod('web'));
    expect(res.statusCode).toBe(201);
    const { spec } = (await t.request({ url: `${NS}/pods/web` })).json();
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    expect(spec.volumes).toHaveLength(1);
    const volume = spec.volumes[0];
    expect(volume.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    for (const c of [...spec.initContainers, ...spec.containers]) expect(c.volumeMounts).toEqual([{ name: volume.name, readOnly: true, mountPath: MOUNT_PATH }]);
  });

  it('admits pods created by server-side apply the same way', async () => {
    const res = await t.request({
      method: 'PATCH',
      url: `${NS}/pods/applied?fieldManager=test`,
      payload: JSON.stringify(pod('applied')),
      headers: { 'content-type': 'application/apply-patch+yaml' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().spec.volumes[0].name).toMatch(/^kube-api-access-/);
  });

  it('refuses a pod naming a ServiceAccount that does not exist (403)', async () => {
    const res = await t.post(`${NS}/pods`, pod('lost', { serviceAccountName: 'builder' }));
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('pods "lost" is forbidden: error looking up service account sa/builder: serviceaccount "builder" not found');
  });

  it('mounts nothing when the pod or its ServiceAccount turns automount off', async () => {
    await t.post(`${NS}/serviceaccounts`, account('quiet', { automountServiceAccountToken: false }));
    const fromAccount = (await t.post(`${NS}/pods`, pod('quiet', { serviceAccountName: 'quiet' }))).json();
    expect(fromAccount.spec.serviceAccountName).toBe('quiet');
    expect(fromAccount.spec.volumes).toBeUndefined();
    expect(fromAccount.spec.containers[0].volumeMounts).toBeUndefined();
    const fromPod = (await t.post(`${NS}/pods`, pod('off', { automountServiceAccountToken: false }))).json();
    expect(fromPod.spec.volumes).toBeUndefined();
    // The pod's own choice wins over its ServiceAccount's.
    const on = (await t.post(`${NS}/pods`, pod('on', { serviceAccountName: 'quiet', automountServiceAccountToken: true }))).json();
    expect(on.spec.volumes).toHaveLength(1);
  });

  it('runs the plugins KUBELEDGER_DISABLE_ADMISSION_PLUGINS may name, in that order, but the disabled ones', () => {
    const { store, watchCache } = t.storage();
    const registry = new Registry(store);
    expect(admissionChain(registry, watchCache).names).toEqual(ADMISSION_PLUGIN_NAMES);
    expect(admissionChain(registry, watchCache, ['ServiceAccount']).names).toEqual(ADMISSION_PLUGIN_NAMES.filter((n) => n !== 'ServiceAccount'));
  });

  it('keeps a pod from changing its ServiceAccount afterwards (422)', async () => {
    const res = await t.merge(`${NS}/pods/web`, { spec: { serviceAccountName: 'quiet' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('pod updates may not change fields');
  });
});
