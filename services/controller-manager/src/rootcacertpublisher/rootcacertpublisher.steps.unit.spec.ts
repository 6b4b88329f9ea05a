import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { configMapEventHandler, namespaceEventHandler } from './rootcacertpublisher.event-handlers.js';
import { DESCRIPTION, reconcileNamespace, type ReconcileNamespaceDeps } from './rootcacertpublisher.reconcile-namespace.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const apiError = (code: number, reason: string, message = reason) => Object.assign(new Error(message), { code, reason });
const published = (extra: Record<string, unknown> = {}, annotations: Record<string, string> = { 'kubernetes.io/description': DESCRIPTION }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'kube-root-ca.crt', namespace: 'app', resourceVersion: '7', annotations },
  data: { 'ca.crt': CA },
  ...extra,
});

function setup(existing?: KubeObject, createError?: Error) {
  const writes: { verb: string; namespace: string; object: KubeObject }[] = [];
  const deps: ReconcileNamespaceDeps = {
    rootCa: CA,
    getConfigMap: (namespace, name) => (existing && existing.metadata?.namespace === namespace && existing.metadata.name === name ? existing : undefined),
    createConfigMap: async (namespace, object) => {
      if (createError) throw createError;
      writes.push({ verb: 'create', namespace, object });
    },
    updateConfigMap: async (namespace, object) => void writes.push({ verb: 'update', namespace, object }),
    isNotFound: (err) => (err as { code?: number }).code === 404,
    isNamespaceTerminating: (err) => (err as Error).message.includes('being terminated'),
  };
  return { deps, writes };
}

describe('reconcileNamespace (root CA publisher)', () => {
  it("creates kube-root-ca.crt with the CA bundle and upstream's description", async () => {
    const { deps, writes } = setup();
    await expect(reconcileNamespace('app', deps)).resolves.toBe('continue');
    expect(writes).toEqual([
      {
        verb: 'create',
        namespace: 'app',
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'app', annotations: { 'kubernetes.io/description': DESCRIPTION } }, data: { 'ca.crt': CA } },
      },
    ]);
    expect(DESCRIPTION).toBe(
      'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
    );
  });

  it('leaves a ConfigMap that holds the bundle and a description alone', async () => {
    const { deps, writes } = setup(published());
    await reconcileNamespace('app', deps);
    expect(writes).toEqual([]);
  });

  it('puts edited data back, keeping other annotations, conditional on the cached resourceVersion', async () => {
    const { deps, writes } = setup(published({ data: { 'ca.crt': 'forged', extra: 'x' } }, { team: 'a' }));
    await reconcileNamespace('app', deps);
    expect(writes).toEqual([
      {
        verb: 'update',
        namespace: 'app',
        object: published({}, { team: 'a', 'kubernetes.io/description': DESCRIPTION }),
      },
    ]);
  });

  it('takes a namespace gone or terminating as done; throws anything else (retried)', async () => {
    await expect(reconcileNamespace('app', setup(undefined, apiError(404, 'NotFound')).deps)).resolves.toBe('continue');
    await expect(reconcileNamespace('app', setup(undefined, apiError(403, 'Forbidden', 'unable to create new content in namespace app because it is being terminated')).deps)).resolves.toBe('continue');
    await expect(reconcileNamespace('app', setup(undefined, apiError(500, 'InternalError')).deps)).rejects.toThrow('InternalError');
  });
});

describe('root CA publisher event handlers', () => {
  it('queues added namespaces, changed Active ones, and the namespace of a changed or deleted kube-root-ca.crt', () => {
    const queued: string[] = [];
    const enqueue = (name: string) => void queued.push(name);
    const namespaces = namespaceEventHandler(enqueue);
    namespaces.onAdd!({ metadata: { name: 'a' } }, false);
    namespaces.onUpdate!({ metadata: { name: 'b' } }, { metadata: { name: 'b' }, status: { phase: 'Active' } });
    namespaces.onUpdate!({ metadata: { name: 'x' } }, { metadata: { name: 'x' }, status: { phase: 'Terminating' } });
    const configMaps = configMapEventHandler(enqueue);
    configMaps.onUpdate!(published(), { ...published(), metadata: { name: 'kube-root-ca.crt', namespace: 'c' } });
    configMaps.onDelete!({ metadata: { name: 'kube-root-ca.crt', namespace: 'd' } });
    configMaps.onDelete!({ metadata: { name: 'other', namespace: 'e' } });
    expect(queued).toEqual(['a', 'b', 'c', 'd']);
  });
});
