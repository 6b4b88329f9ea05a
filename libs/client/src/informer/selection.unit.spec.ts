import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { fieldIndexer, namespaceIndexer } from './indexers.js';
import { isExpiredError, listAll, type ListPageOptions, type Lister } from './lister.js';
import { ObjectStore } from './object-store.js';
import { restLister, type ListerClient } from './resource-informer.js';
import { selectionMatcher, subjectFilterFor } from './selection.js';

const pod = (name: string, labels: Record<string, string>, node?: string, phase?: string): KubeObject => ({
  metadata: { name, namespace: 'default', labels },
  spec: { ...(node && { nodeName: node }), hostNetwork: true },
  ...(phase && { status: { phase } }),
});

describe('subjectFilterFor', () => {
  it('puts the namespace, metadata.name and a pod spec.nodeName into the subject', () => {
    expect(subjectFilterFor({ group: '', resource: 'pods' }, { fieldSelector: 'spec.nodeName=n1,status.phase!=Failed' })).toEqual({ group: '', resource: 'pods', node: 'n1' });
    expect(subjectFilterFor({ group: '', resource: 'pods' }, { fieldSelector: 'spec.nodeName=' })).toEqual({ group: '', resource: 'pods', node: '' });
    expect(subjectFilterFor({ group: '', resource: 'pods' }, { fieldSelector: 'spec.nodeName!=n1' })).toEqual({ group: '', resource: 'pods' });
    expect(subjectFilterFor({ group: '', resource: 'nodes' }, { fieldSelector: 'metadata.name=n1' })).toEqual({ group: '', resource: 'nodes', name: 'n1' });
    expect(subjectFilterFor({ group: 'apps', resource: 'deployments' }, { namespace: 'web', labelSelector: 'app=x' })).toEqual({ group: 'apps', resource: 'deployments', namespace: 'web' });
    expect(subjectFilterFor({ group: 'example.com', resource: 'things' }, { fieldSelector: 'spec.nodeName=n1' })).toEqual({ group: 'example.com', resource: 'things' });
  });
});

describe('selectionMatcher', () => {
  it('checks labels, fields at dotted paths (missing is empty) and the namespace', () => {
    const m = selectionMatcher({ labelSelector: 'app in (web,api),!canary', fieldSelector: 'spec.nodeName=n1,status.phase!=Failed' });
    expect(m(pod('a', { app: 'web' }, 'n1'))).toBe(true);
    expect(m(pod('a', { app: 'web' }, 'n1', 'Failed'))).toBe(false);
    expect(m(pod('a', { app: 'web', canary: '' }, 'n1'))).toBe(false);
    expect(m(pod('a', { app: 'db' }, 'n1'))).toBe(false);
    expect(m(pod('a', { app: 'web' }))).toBe(false);
    expect(selectionMatcher({ fieldSelector: 'spec.nodeName=' })(pod('a', {}))).toBe(true);
    expect(selectionMatcher({ fieldSelector: 'spec.hostNetwork=true' })(pod('a', {}))).toBe(true);
    expect(selectionMatcher({ namespace: 'other' })(pod('a', {}))).toBe(false);
    expect(selectionMatcher()(pod('a', {}))).toBe(true);
    expect(() => selectionMatcher({ labelSelector: 'a b' })).toThrow(/unable to parse requirement/);
  });
});

describe('ObjectStore indexes', () => {
  it('moves an object between index values and drops empty ones', () => {
    const store = new ObjectStore({ node: fieldIndexer('spec.nodeName'), ns: namespaceIndexer(), labels: (o) => Object.values(o.metadata?.labels ?? {}) });
    store.set('default/a', pod('a', { x: 'one', y: 'one' }));
    expect(store.byIndex('node', '').map((o) => o.metadata?.name)).toEqual(['a']);
    expect(store.byIndex('labels', 'one')).toHaveLength(1);
    store.set('default/a', pod('a', { x: 'two' }, 'n1'));
    expect(store.byIndex('node', '')).toEqual([]);
    expect(store.byIndex('node', 'n1')).toHaveLength(1);
    expect(store.indexValues('node')).toEqual(['n1']);
    expect(store.indexValues('labels')).toEqual(['two']);
    store.delete('default/a');
    expect(store.indexValues('node')).toEqual([]);
    expect(store.byIndex('ns', 'default')).toEqual([]);
    expect(fieldIndexer('spec')(pod('a', {}))).toEqual([]); // an object is not a field value
  });
});

describe('listAll', () => {
  it('recognises 410 Expired in the shapes clients throw', () => {
    expect(isExpiredError({ name: 'ApiError', status: 410, reason: 'Expired' })).toBe(true);
    expect(isExpiredError({ name: 'StatusError', code: 410 })).toBe(true);
    expect(isExpiredError({ status: { code: 410, reason: 'Expired' } })).toBe(true);
    expect(isExpiredError({ statusCode: 410 })).toBe(true);
    expect(isExpiredError({ status: 404, reason: 'NotFound' })).toBe(false);
    expect(isExpiredError(new Error('x'))).toBe(false);
  });

  it('rejects a list without a usable resourceVersion', async () => {
    const lister: Lister = { list: async () => ({ items: [], resourceVersion: '' }) };
    await expect(listAll(lister, 10)).rejects.toThrow(/not a revision/);
  });
});

describe('restLister', () => {
  it('lists through the client with the selection, and reads one object (undefined when not found)', async () => {
    const calls: unknown[] = [];
    const client = {
      list: async (ref: unknown, opts: ListPageOptions) => {
        calls.push([ref, opts]);
        return { items: [pod('a', {})], resourceVersion: '7' };
      },
      get: async (_ref: unknown, namespace: string | undefined, name: string) => {
        calls.push(['get', namespace, name]);
        if (name === 'gone') throw Object.assign(new Error('pods "gone" not found'), { name: 'ApiError', status: 404, reason: 'NotFound', body: {} });
        return pod(name, {});
      },
    } as unknown as ListerClient;
    const pods = { group: '', version: 'v1', resource: 'pods', namespaced: true };
    const lister = restLister(client, pods, { namespace: 'default', labelSelector: 'app=web' });
    expect(await lister.list({ limit: 2 })).toMatchObject({ resourceVersion: '7' });
    expect(await lister.get!('default', 'a')).toMatchObject({ metadata: { name: 'a' } });
    expect(await lister.get!('default', 'gone')).toBeUndefined();
    const nodes = restLister(client, { group: '', version: 'v1', resource: 'nodes', namespaced: false });
    await nodes.get!('', 'n1');
    expect(calls).toEqual([
      [pods, { namespace: 'default', labelSelector: 'app=web', limit: 2 }],
      ['get', 'default', 'a'],
      ['get', 'default', 'gone'],
      ['get', undefined, 'n1'],
    ]);
  });
});
