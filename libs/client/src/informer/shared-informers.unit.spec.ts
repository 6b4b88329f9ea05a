import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { NODES, PODS } from '../rest/resource-ref.js';
import { ObjectStore } from './object-store.js';
import { SharedInformers } from './shared-informers.js';

const pod = (name: string, node: string): KubeObject => ({ metadata: { name, namespace: 'default' }, spec: { nodeName: node } });

describe('SharedInformers', () => {
  const unused = () => Promise.reject(new Error('not started in this test'));
  const informers = new SharedInformers({ client: { list: unused, get: unused } as never, bus: unused });

  it('hands every user of a resource the same informer, and one per resource', () => {
    const a = informers.for(PODS, { node: (o) => [String((o['spec'] as { nodeName?: string }).nodeName)] });
    const b = informers.for(PODS, { phase: () => ['Running'] });
    expect(b).toBe(a);
    expect(informers.for(NODES)).not.toBe(a);
    expect(informers.size).toBe(2);
    // Both users' indexes are there.
    expect(a.byIndex('node', 'n1')).toEqual([]);
    expect(a.byIndex('phase', 'Running')).toEqual([]);
  });
});

describe('ObjectStore.addIndexers', () => {
  it('files the objects already held under a new index, and keeps the first function of a name', () => {
    const store = new ObjectStore({ node: (o) => [String((o['spec'] as { nodeName: string }).nodeName)] });
    store.set('default/a', pod('a', 'n1'));
    store.set('default/b', pod('b', 'n2'));
    store.addIndexers({ name: (o) => [o.metadata!.name!], node: () => ['ignored'] });
    expect(store.byIndex('name', 'b').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(store.byIndex('node', 'n1').map((o) => o.metadata?.name)).toEqual(['a']);
    store.set('default/c', pod('c', 'n1'));
    expect(store.byIndex('node', 'n1').map((o) => o.metadata?.name).sort()).toEqual(['a', 'c']);
    expect(store.byIndex('name', 'c')).toHaveLength(1);
  });
});
