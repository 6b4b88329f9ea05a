import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullStack } from './support/full-stack.js';
import { useFullStack } from './support/use-full-stack.js';

interface Obj {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly deletionTimestamp?: string };
  readonly spec?: { readonly finalizers?: string[] };
  readonly status?: { readonly phase?: string; readonly conditions?: { type: string; status: string; reason: string; message: string }[] };
}

/** Every namespaced kind the namespace's content is made of, and the ones controllers add to it. */
const KINDS = 'pods,services,configmaps,secrets,serviceaccounts,roles,rolebindings,jobs,leases,deployments,replicasets,endpointslices';

/** Content beside what kubectl create makes: a ConfigMap a finalizer holds, a Secret, a Role and its binding, a Job and a Lease. */
const manifest = (namespace: string) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: held, namespace: ${namespace}, finalizers: [example.com/hold] }
data: { a: b }
---
apiVersion: v1
kind: Secret
metadata: { name: creds, namespace: ${namespace} }
stringData: { password: s3cret }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: ${namespace} }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader, namespace: ${namespace} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: User, name: jane }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: ${namespace} }
spec: { template: { spec: { restartPolicy: Never, containers: [{ name: c, image: registry.example/once:1 }] } } }
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: lock, namespace: ${namespace} }
spec: { holderIdentity: me }
`;

/**
 * `kubectl delete namespace` on a full stack (fake runtime): the namespace is Terminating while the
 * namespace controller deletes its content — creating in it is refused — and goes once the content
 * (a ConfigMap's finalizer last) is gone, which kubectl waits for; also when the controller-manager
 * was down at the delete. `default` cannot be deleted.
 */
describe('kubectl 1.35: namespace deletion through the namespace controller', () => {
  const started = useFullStack({ nodes: 1, kubeletEnv: { KUBELEDGER_RUNTIME: 'fake' } });
  let stack: FullStack;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-namespaces-'));
  beforeAll(() => {
    stack = started();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const namespaceOf = async (name: string): Promise<Obj | undefined> => {
    const res = await stack.kubectl.run('get', 'namespace', name, '-o', 'json');
    return res.code === 0 ? (JSON.parse(res.stdout) as Obj) : undefined;
  };
  const leftIn = async (namespace: string) =>
    (JSON.parse(await kubectl('get', KINDS, '-A', '-o', 'json')) as { items: Obj[] }).items.filter((o) => o.metadata.namespace === namespace).map((o) => o.metadata.name);

  it('refuses to delete default', async () => {
    expect(await stack.kubectl.run('delete', 'namespace', 'default')).toMatchObject({ code: 1, stderr: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n' });
  });

  it('deletes a namespace with mixed content: Terminating while content remains, gone when it is', async () => {
    expect(await kubectl('create', 'namespace', 'shop')).toBe('namespace/shop created\n');
    await kubectl('create', 'deployment', 'web', '-n', 'shop', '--image=registry.example/web:1', '--replicas=3');
    await kubectl('create', 'service', 'clusterip', 'web', '-n', 'shop', '--tcp=80:80');
    await kubectl('create', 'configmap', 'settings', '-n', 'shop', '--from-literal=mode=fast');
    const file = path.join(dir, 'shop.yaml');
    writeFileSync(file, manifest('shop'));
    await kubectl('apply', '-f', file);
    await stack.waitFor('3 web pods running in shop', async () => (await kubectl('get', 'pods', '-n', 'shop', '-l', 'app=web', '--field-selector=status.phase=Running', '-o', 'name')).trim().split('\n').filter(Boolean).length === 3, 90_000);

    // kubectl deletes, prints, then waits for the namespace to be gone.
    const deleting = stack.kubectl.start('delete', 'namespace', 'shop');
    let returned = false;
    void deleting.exited.then(() => (returned = true));
    await deleting.waitForOutput(/namespace "shop" deleted\n/, 30_000);
    const terminating = await stack.waitFor(
      'the held ConfigMap reported as what remains',
      async () => {
        const ns = await namespaceOf('shop');
        const remaining = ns?.status?.conditions?.find((c) => c.type === 'NamespaceContentRemaining');
        return remaining?.message === 'Some resources are remaining: configmaps. has 1 resource instances' && ns;
      },
      90_000,
    );
    expect(terminating.status).toMatchObject({ phase: 'Terminating' });
    expect(terminating.spec?.finalizers).toEqual(['kubernetes']);
    expect(terminating.status?.conditions?.find((c) => c.type === 'NamespaceFinalizersRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    expect(await leftIn('shop')).toEqual(['held']);

    const refused = await stack.kubectl.run('create', 'configmap', 'late', '-n', 'shop');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('configmaps "late" is forbidden: unable to create new content in namespace shop because it is being terminated');

    // kubectl is still waiting for the namespace to go.
    expect(returned).toBe(false);
    await kubectl('patch', 'configmap', 'held', '-n', 'shop', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    const done = await deleting.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(await stack.kubectl.run('get', 'namespace', 'shop')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): namespaces "shop" not found\n' });
    expect(await leftIn('shop')).toEqual([]);
  });

  it('completes a deletion made while the controller-manager was down once it is back', async () => {
    await kubectl('create', 'namespace', 'later');
    await kubectl('create', 'deployment', 'api', '-n', 'later', '--image=registry.example/api:1', '--replicas=2');
    await kubectl('create', 'configmap', 'settings', '-n', 'later', '--from-literal=mode=slow');
    await stack.waitFor('2 api pods running in later', async () => (await kubectl('get', 'pods', '-n', 'later', '--field-selector=status.phase=Running', '-o', 'name')).trim().split('\n').filter(Boolean).length === 2, 90_000);

    await stack.stop('controller-manager');
    expect(await kubectl('delete', 'namespace', 'later', '--wait=false')).toBe('namespace "later" deleted\n');
    expect((await namespaceOf('later'))?.status?.phase).toBe('Terminating');
    expect((await leftIn('later')).length).toBeGreaterThan(0);

    await stack.start('controller-manager');
    await stack.waitFor('namespace later gone', async () => (await namespaceOf('later')) === undefined, 90_000);
    expect(await leftIn('later')).toEqual([]);
  });
});
