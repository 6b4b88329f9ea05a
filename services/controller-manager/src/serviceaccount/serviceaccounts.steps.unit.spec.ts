import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { namespaceEventHandler, serviceAccountEventHandler } from './serviceaccounts.event-handlers.js';
import { reconcileNamespace, type ReconcileNamespaceDeps } from './serviceaccounts.reconcile-namespace.js';

const ns = (name: string, phase: string): KubeObject => ({ metadata: { name }, status: { phase } });
const apiError = (code: number, reason: string, message = reason) => Object.assign(new Error(message), { code, reason });

/** Given namespaces and the ServiceAccounts the cache shows, and what creating one answers. */
function setup(namespaces: KubeObject[], accounts: string[] = [], createError?: Error) {
  const created: { namespace: string; object: KubeObject }[] = [];
  const deps: ReconcileNamespaceDeps = {
    getNamespace: (name) => namespaces.find((n) => n.metadata?.name === name),
    getServiceAccount: (namespace, name) => (accounts.includes(`${namespace}/${name}`) ? { metadata: { name, namespace } } : undefined),
    createServiceAccount: async (namespace, object) => {
      if (createError) throw createError;
      created.push({ namespace, object });
    },
    isAlreadyExists: (err) => (err as { reason?: string }).reason === 'AlreadyExists',
    isNamespaceTerminating: (err) => (err as Error).message.includes('being terminated'),
    log: () => undefined,
  };
  return { deps, created };
}

describe('reconcileNamespace (ServiceAccounts controller)', () => {
  it('creates `default` in an active namespace that has none', async () => {
    const { deps, created } = setup([ns('app', 'Active')]);
    await expect(reconcileNamespace('app', deps)).resolves.toBe('continue');
    expect(created).toEqual([{ namespace: 'app', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'app' } } }]);
  });

  it('writes nothing when `default` is there, or the namespace is terminating or gone', async () => {
    for (const [namespaces, accounts] of [[[ns('app', 'Active')], ['app/default']], [[ns('app', 'Terminating')], []], [[], []]] as const) {
      const { deps, created } = setup([...namespaces], [...accounts]);
      await reconcileNamespace('app', deps);
      expect(created).toEqual([]);
    }
  });

  it('takes AlreadyExists and a namespace that began terminating as done; throws anything else (retried)', async () => {
    await expect(reconcileNamespace('app', setup([ns('app', 'Active')], [], apiError(409, 'AlreadyExists')).deps)).resolves.toBe('continue');
    const terminating = apiError(403, 'Forbidden', 'serviceaccounts "default" is forbidden: unable to create new content in namespace app because it is being terminated');
    await expect(reconcileNamespace('app', setup([ns('app', 'Active')], [], terminating).deps)).resolves.toBe('continue');
    await expect(reconcileNamespace('app', setup([ns('app', 'Active')], [], apiError(500, 'InternalError')).deps)).rejects.toThrow('InternalError');
  });
});

describe('ServiceAccounts controller event handlers', () => {
  it('queues every namespace added or changed, and the namespace of a deleted `default` only', () => {
    const queued: string[] = [];
    const enqueue = (name: string) => void queued.push(name);
    namespaceEventHandler(enqueue).onAdd!(ns('a', 'Active'), true);
    namespaceEventHandler(enqueue).onUpdate!(ns('b', 'Active'), ns('b', 'Active'));
    const accounts = serviceAccountEventHandler(enqueue);
    accounts.onDelete!({ metadata: { name: 'default', namespace: 'c' } });
    accounts.onDelete!({ metadata: { name: 'builder', namespace: 'd' } });
    expect(queued).toEqual(['a', 'b', 'c']);
  });
});
