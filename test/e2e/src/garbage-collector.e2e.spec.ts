import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { CONFIGMAPS, ifExists, KubeClient, loadKubeconfig } from '@kubeledger/client';
import { componentKubeconfig, startApiserver, startComponent, type ApiserverProcess, type ComponentProcess } from '@kubeledger/test-cluster';
import { Kubectl } from './support/kubectl.js';

const NS = 'default';
const READY = /\[controller-manager\] ready \(/;

/**
 * The garbage collector of the controller-manager process against the real apiserver, as the user
 * system:kube-controller-manager: a ConfigMap owning two ConfigMaps, deleted by kubectl with each
 * cascade (background, orphan, foreground), and an owner deleted while the controller-manager was
 * down.
 */
describe('controller-manager: the garbage collector', () => {
  let server: ApiserverProcess;
  let admin: KubeClient;
  let kubectl: Kubectl;
  let kubeconfig: string;
  let cm: ComponentProcess | undefined;

  const start = async () => (cm = await startComponent('controller-manager', server, kubeconfig, { KUBELEDGER_CONTROLLER_RETRY_SECONDS: '0.2' }, READY));
  const get = (name: string) => ifExists(admin.get(CONFIGMAPS, NS, name));
  /** An owner and two dependents that name it (blockOwnerDeletion, as controllers set it). */
  const family = async (owner: string): Promise<KubeObject> => {
    const o = await admin.create(CONFIGMAPS, NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: owner } });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid: o.metadata!.uid!, blockOwnerDeletion: true };
    for (const dependent of [`${owner}-a`, `${owner}-b`]) await admin.create(CONFIGMAPS, NS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: dependent, ownerReferences: [ref] } });
    return o;
  };
  const gone = (...names: string[]) => async () => (await Promise.all(names.map(get))).every((o) => o === undefined);

  beforeAll(async () => {
    server = await startApiserver();
    admin = new KubeClient({ ...loadKubeconfig(server.kubeconfig), userAgent: 'kubeledger-e2e-garbage-collector/0.1.0' });
    kubectl = new Kubectl(server.kubeconfig);
    kubeconfig = await componentKubeconfig(server, 'system:kube-controller-manager');
    await start();
  });

  afterAll(async () => {
    if (cm) {
      const code = await cm.stop();
      if (code !== 0) console.log(cm.output.slice(-40).join('\n'));
    }
    kubectl?.dispose();
    await admin?.close();
    await server?.stop();
  });

  it('deletes the dependents of an owner deleted in the background', async () => {
    await family('bg');
    expect(await kubectl.ok('delete', 'configmap', 'bg', '--cascade=background')).toMatch(/^configmap "bg" deleted/);
    await waitUntil(gone('bg', 'bg-a', 'bg-b'), 20_000, 'bg and its dependents gone');
  });

  it('keeps the dependents of an owner deleted with --cascade=orphan, without their reference to it', async () => {
    await family('orphan');
    await kubectl.ok('delete', 'configmap', 'orphan', '--cascade=orphan');
    await waitUntil(gone('orphan'), 20_000, 'the orphaning owner gone');
    for (const name of ['orphan-a', 'orphan-b']) expect((await get(name))?.metadata?.['ownerReferences'] ?? []).toEqual([]);
  });

  it('deletes the dependents of an owner deleted in the foreground, then the owner', async () => {
    await family('fg');
    await kubectl.ok('delete', 'configmap', 'fg', '--cascade=foreground', '--wait=false');
    await waitUntil(gone('fg'), 20_000, 'the foreground owner gone');
    expect(await gone('fg-a', 'fg-b')()).toBe(true);
  });

  it('collects, once started again, the dependents of an owner deleted while it was down', async () => {
    await family('down');
    expect(await cm!.stop()).toBe(0);
    cm = undefined;
    await admin.delete(CONFIGMAPS, NS, 'down');
    expect(await get('down-a')).toBeDefined();
    await start();
    await waitUntil(gone('down-a', 'down-b'), 20_000, 'the dependents of the owner deleted while down');
    expect(cm!.output.filter((l) => /forbidden|Forbidden/.test(l))).toEqual([]);
  });
});
