import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { RESOURCES } from '../../registry/resources.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';

const configmaps = RESOURCES.find((r) => r.resource === 'configmaps')!;
const namespaces: Record<string, KubeObject> = {
  active: { metadata: { name: 'active' }, status: { phase: 'Active' } },
  leaving: { metadata: { name: 'leaving', deletionTimestamp: '2026-11-23T00:00:00Z' }, status: { phase: 'Terminating' } },
};
const plugin = namespaceLifecycle(async (name) => namespaces[name]);
const create = (namespace: string) => plugin.validate({ operation: 'CREATE', resource: configmaps, subresource: '', namespace, name: 'cm', object: {} });

describe('NamespaceLifecycle admission', () => {
  it('admits content in an active namespace', async () => {
    await expect(create('active')).resolves.toBeUndefined();
  });

  it('refuses content in a missing namespace with 404, as upstream', async () => {
    await expect(create('missing')).rejects.toMatchObject({ status: { code: 404, reason: 'NotFound', message: 'namespaces "missing" not found' } });
  });

  it('refuses content in a terminating namespace with 403, as upstream', async () => {
    await expect(create('leaving')).rejects.toMatchObject({
      status: {
        code: 403,
        reason: 'Forbidden',
        message: 'configmaps "cm" is forbidden: unable to create new content in namespace leaving because it is being terminated',
        details: { causes: [{ reason: 'NamespaceTerminating', message: 'namespace leaving is being terminated', field: 'metadata.namespace' }] },
      },
    });
  });

  it('refuses deleting default, kube-system and kube-public with 403; other namespaces and content may go', async () => {
    const nsResource = RESOURCES.find((r) => r.resource === 'namespaces')!;
    const del = (name: string) => plugin.validate({ operation: 'DELETE', resource: nsResource, subresource: '', namespace: '', name });
    for (const name of ['default', 'kube-system', 'kube-public']) {
      await expect(del(name)).rejects.toMatchObject({ status: { code: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted` } });
    }
    await expect(del('active')).resolves.toBeUndefined();
    await expect(plugin.validate({ operation: 'DELETE', resource: configmaps, subresource: '', namespace: 'default', name: 'cm' })).resolves.toBeUndefined();
  });

  it('after a namespace delete, looks it up live while the cache still says Active, for 30 s', async () => {
    const nsResource = RESOURCES.find((r) => r.resource === 'namespaces')!;
    let clock = 0;
    const lookups: string[] = [];
    const cached: KubeObject = { metadata: { name: 'racing' }, status: { phase: 'Active' } };
    const live: KubeObject = { metadata: { name: 'racing' }, status: { phase: 'Terminating' } };
    const racing = namespaceLifecycle(async (name, fresh) => (lookups.push(fresh ? 'live' : 'cache'), fresh ? live : cached), () => clock);
    const createIn = () => racing.validate({ operation: 'CREATE', resource: configmaps, subresource: '', namespace: 'racing', name: 'cm', object: {} });
    await expect(createIn()).resolves.toBeUndefined();
    await racing.validate({ operation: 'DELETE', resource: nsResource, subresource: '', namespace: '', name: 'racing' });
    await expect(createIn()).rejects.toMatchObject({ status: { code: 403 } });
    clock = 30_001;
    await expect(createIn()).resolves.toBeUndefined();
    expect(lookups).toEqual(['cache', 'cache', 'live', 'cache']);
  });
});
