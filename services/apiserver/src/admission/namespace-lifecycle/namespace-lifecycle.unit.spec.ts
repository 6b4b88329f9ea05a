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
      status: { code: 403, reason: 'Forbidden', message: 'configmaps "cm" is forbidden: unable to create new content in namespace leaving because it is being terminated' },
    });
  });
});
