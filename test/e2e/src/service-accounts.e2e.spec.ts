import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullStack } from './support/full-stack.js';
import { Kubectl } from './support/kubectl.js';
import { useFullStack } from './support/use-full-stack.js';

interface Obj {
  readonly metadata: { readonly name: string; readonly uid: string; readonly annotations?: Record<string, string> };
  readonly data?: Record<string, string>;
  readonly spec?: {
    readonly serviceAccountName?: string;
    readonly nodeName?: string;
    readonly volumes?: { readonly name: string; readonly projected?: { readonly defaultMode?: number; readonly sources: unknown[] } }[];
    readonly containers?: { readonly volumeMounts?: { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[] }[];
  };
  readonly status?: { readonly phase?: string };
}

const NS = 'sa-e2e';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * ServiceAccounts on a full stack (one kubelet, the process runtime) with the real kubectl: a new
 * namespace gets its `default` ServiceAccount and its `kube-root-ca.crt` ConfigMap (the cluster
 * CA), both put back when deleted or edited; a pod gets the ServiceAccount and the projected
 * `kube-api-access-*` volume mounted in its containers; the kubelet writes the volume's files in
 * the pod's sandbox, and the token is one the apiserver accepts as the ServiceAccount.
 */
describe('kubectl 1.35: ServiceAccounts, kube-root-ca.crt and the token volume', () => {
  const started = useFullStack({ nodes: 1 });
  let stack: FullStack;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-sa-e2e-'));
  beforeAll(() => {
    stack = started();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const get = async (...args: string[]): Promise<Obj | undefined> => {
    const res = await stack.kubectl.run('get', ...args, '-n', NS, '-o', 'json');
    return res.code === 0 ? (JSON.parse(res.stdout) as Obj) : undefined;
  };

  it('gives a new namespace its default ServiceAccount and kube-root-ca.crt holding the cluster CA', async () => {
    expect(await kubectl('create', 'namespace', NS)).toBe(`namespace/${NS} created\n`);
    await stack.waitFor('the default ServiceAccount', () => get('serviceaccount', 'default'), 60_000);
    const cm = await stack.waitFor('kube-root-ca.crt', () => get('configmap', 'kube-root-ca.crt'), 60_000);
    expect(cm.data).toEqual({ 'ca.crt': stack.server.tls.ca });
    expect(cm.metadata.annotations).toEqual({ 'kubernetes.io/description': DESCRIPTION });
  });

  it('creates them again when deleted, and puts the CA back when edited', async () => {
    const sa = (await get('serviceaccount', 'default'))!;
    expect(await kubectl('delete', 'serviceaccount', 'default', '-n', NS)).toBe(`serviceaccount "default" deleted from ${NS} namespace\n`);
    await stack.waitFor('default to be created again', async () => {
      const again = await get('serviceaccount', 'default');
      return again !== undefined && again.metadata.uid !== sa.metadata.uid;
    }, 60_000);

    const cm = (await get('configmap', 'kube-root-ca.crt'))!;
    await kubectl('delete', 'configmap', 'kube-root-ca.crt', '-n', NS);
    await stack.waitFor('kube-root-ca.crt to be created again', async () => {
      const again = await get('configmap', 'kube-root-ca.crt');
      return again !== undefined && again.metadata.uid !== cm.metadata.uid;
    }, 60_000);

    await kubectl('patch', 'configmap', 'kube-root-ca.crt', '-n', NS, '--type=merge', '-p', '{"data":{"ca.crt":"forged"}}');
    await stack.waitFor('the CA to be put back', async () => (await get('configmap', 'kube-root-ca.crt'))?.data?.['ca.crt'] === stack.server.tls.ca, 60_000);
  });

  it('refuses a pod naming a ServiceAccount that does not exist', async () => {
    const res = await stack.kubectl.run('run', 'lost', '-n', NS, '--image=busybox', '--overrides={"spec":{"serviceAccountName":"builder"}}', '--command', '--', 'sleep', '3600');
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim()).toBe(`Error from server (Forbidden): pods "lost" is forbidden: error looking up service account ${NS}/builder: serviceaccount "builder" not found`);
  });

  it('gives a pod the default ServiceAccount and its token volume; the kubelet writes the files the apiserver accepts', async () => {
    expect(await kubectl('run', 'web', '-n', NS, '--image=busybox', '--command', '--', 'sleep', '3600')).toBe('pod/web created\n');
    const pod = await stack.waitFor('web to run', async () => {
      const p = await get('pod', 'web');
      return p?.status?.phase === 'Running' && p;
    }, 120_000);
    expect(pod.spec!.serviceAccountName).toBe('default');
    const volume = pod.spec!.volumes!.find((v) => v.name.startsWith('kube-api-access-'))!;
    expect(volume.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    expect(pod.spec!.containers![0]!.volumeMounts).toEqual([{ name: volume.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);

    // The process runtime cannot mount: the files are in the pod's sandbox, where upstream's kubelet keeps them.
    const files = path.join(stack.stateDir(pod.spec!.nodeName!), 'pods', pod.metadata.uid, 'volumes', 'kubernetes.io~projected', volume.name);
    await stack.waitFor('the token file', async () => existsSync(path.join(files, 'token')), 60_000);
    expect(readFileSync(path.join(files, 'ca.crt'), 'utf8')).toBe(stack.server.tls.ca);
    expect(readFileSync(path.join(files, 'namespace'), 'utf8')).toBe(NS);

    // The token authenticates as the ServiceAccount (a kubeconfig with the cluster and that token only).
    const caFile = path.join(dir, 'ca.crt');
    writeFileSync(caFile, stack.server.tls.ca);
    const kubeconfig = path.join(dir, 'sa.kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: stack.server.url, 'certificate-authority': caFile } }],
        users: [{ name: 'sa', user: { token: readFileSync(path.join(files, 'token'), 'utf8') } }],
        contexts: [{ name: 'sa', context: { cluster: 'c', user: 'sa' } }],
        'current-context': 'sa',
      }),
    );
    const asAccount = new Kubectl(kubeconfig);
    try {
      const whoami = JSON.parse(await asAccount.ok('auth', 'whoami', '-o', 'json')) as { status: { userInfo: { username: string; groups: string[]; extra?: Record<string, string[]> } } };
      expect(whoami.status.userInfo.username).toBe(`system:serviceaccount:${NS}:default`);
      expect(whoami.status.userInfo.groups).toEqual(['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated']);
      expect(whoami.status.userInfo.extra?.['authentication.kubernetes.io/pod-name']).toEqual(['web']);
    } finally {
      asAccount.dispose();
    }
  });
});
