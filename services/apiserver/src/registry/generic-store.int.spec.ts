import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError, type KubeObject } from '@kubeledger/api';
import { openTestStore, type TestStore } from '@kubeledger/event-store/testing';
import { defaultStrategy } from './default-strategy.js';
import { GenericStore } from './generic-store.js';
import { findResource } from './resources.js';

const ctx = { actor: { user: 'alice' } };
const pod = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  ...extra,
});

async function status(promise: Promise<unknown>): Promise<{ code: number; reason?: string; message?: string }> {
  try {
    await promise;
  } catch (err) {
    if (isStatusError(err)) return err.status;
    throw err;
  }
  throw new Error('expected a Status error');
}

describe('GenericStore (pods)', () => {
  let t: TestStore;
  let pods: GenericStore;
  beforeAll(async () => {
    t = await openTestStore({}, 'generic');
    const def = findResource('', 'v1', 'pods')!;
    pods = new GenericStore(def, defaultStrategy(def), t.store);
  });
  afterAll(() => t.cleanup());

  it('sets identity, time, kind and generation on create, and drops status', async () => {
    const created = await pods.create('default', { ...pod('a', { status: { phase: 'Running' } }), metadata: { name: 'a', uid: 'mine', creationTimestamp: '2000-01-01T00:00:00Z' } }, ctx);
    expect(created.metadata).toMatchObject({ name: 'a', namespace: 'default', generation: 1, resourceVersion: expect.stringMatching(/^\d+$/) });
    expect(created.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata!['creationTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.metadata!['creationTimestamp']).not.toBe('2000-01-01T00:00:00Z');
    expect(created['status']).toBeUndefined();
    expect(await pods.get('default', 'a')).toEqual(created);
  });

  it('generates names from generateName', async () => {
    const created = await pods.create('default', { ...pod(''), metadata: { generateName: 'web-' } }, ctx);
    expect(created.metadata!.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('answers as upstream for refused creates', async () => {
    expect(await status(pods.create('default', pod('a'), ctx))).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "a" already exists' });
    expect(await status(pods.create('default', { ...pod('x'), metadata: { name: 'x', namespace: 'other' } }, ctx))).toMatchObject({
      code: 400, message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
    const bad = await status(pods.create('default', pod('Bad_Name'), ctx));
    expect(bad).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(bad.message).toMatch(/^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(await status(pods.create('default', { ...pod(''), metadata: {} }, ctx))).toMatchObject({ code: 422, message: 'Pod "" is invalid: metadata.name: Required value: name or generateName is required' });
  });

  it('updates: conditional and unconditional, generation on spec changes only, status and identity kept', async () => {
    const created = await pods.create('default', pod('u'), ctx);
    const labelled = await pods.update('default', 'u', { ...created, metadata: { ...created.metadata, labels: { app: 'other' } } }, ctx);
    expect(labelled.object.metadata).toMatchObject({ generation: 1, labels: { app: 'other' }, uid: created.metadata!.uid });
    expect(Number(labelled.object.metadata!.resourceVersion)).toBeGreaterThan(Number(created.metadata!.resourceVersion));

    const respec = await pods.update('default', 'u', { ...pod('u'), spec: { containers: [{ name: 'c', image: 'nginx:2' }] }, status: { phase: 'Hacked' } }, ctx);
    expect(respec.object.metadata).toMatchObject({ generation: 2, creationTimestamp: created.metadata!['creationTimestamp'] });
    expect(respec.object['status']).toBeUndefined();

    expect(await status(pods.update('default', 'u', { ...created }, ctx))).toMatchObject({
      code: 409, reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods "u": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(await status(pods.update('default', 'u', { ...respec.object, metadata: { ...respec.object.metadata, uid: 'changed' } }, ctx))).toMatchObject({ code: 422 });
    expect(await status(pods.update('default', 'nope', pod('nope'), ctx))).toMatchObject({ code: 404, message: 'pods "nope" not found' });
    expect(await status(pods.update('default', 'u', { ...pod('u'), metadata: { name: 'u', resourceVersion: 'abc' } }, ctx))).toMatchObject({ code: 400 });
  });

  it('unconditional updates win against concurrent writers instead of failing', async () => {
    await pods.create('default', pod('race'), ctx);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => pods.update('default', 'race', { ...pod('race'), metadata: { name: 'race', labels: { n: String(i) } } }, ctx)),
    );
    expect(results).toHaveLength(10);
    expect(new Set(results.map((r) => r.object.metadata!.resourceVersion)).size).toBe(10);
  });

  it('deletes with preconditions and returns the deleted object', async () => {
    const created = await pods.create('default', pod('d'), ctx);
    expect(await status(pods.delete('default', 'd', { preconditions: { uid: '00000000-0000-4000-8000-000000000000' } }, ctx))).toMatchObject({
      code: 409,
      message: `Operation cannot be fulfilled on Pod "d": the UID in the precondition (00000000-0000-4000-8000-000000000000) does not match the UID in record (${created.metadata!.uid}). The object might have been deleted and then recreated`,
    });
    const deleted = await pods.delete('default', 'd', { preconditions: { uid: created.metadata!.uid!, resourceVersion: created.metadata!.resourceVersion! } }, ctx);
    expect(deleted).toMatchObject({ deleted: true, object: { metadata: { name: 'd' } } });
    expect(await status(pods.get('default', 'd'))).toMatchObject({ code: 404 });
    expect(await status(pods.delete('default', 'd', {}, ctx))).toMatchObject({ code: 404, message: 'pods "d" not found' });
  });

  it('lists one namespace or all, in pages', async () => {
    await pods.create('kube-system', pod('sys'), ctx);
    const inDefault = await pods.list({ namespace: 'default' });
    expect(inDefault.items.every((i) => i.object.metadata!.namespace === 'default')).toBe(true);
    const all = await pods.list({ namespace: '' });
    expect(all.items.length).toBe(inDefault.items.length + 1);
    const page = await pods.list({ namespace: '', limit: 2 });
    expect(page.items).toHaveLength(2);
    const rest = await pods.list({ namespace: '', limit: 100, continue: page.continue! });
    expect(rest.revision).toBe(page.revision);
    expect(page.items.length + rest.items.length).toBe(all.items.length);
  });
});

describe('GenericStore writes starting from the watch cache’s copy', () => {
  let t: TestStore;
  let pods: GenericStore;
  /** What the fake watch cache holds, by name: set by each test, possibly stale. */
  const copies = new Map<string, KubeObject>();
  let reads = 0;
  beforeAll(async () => {
    t = await openTestStore({}, 'generic-cached');
    const def = findResource('', 'v1', 'pods')!;
    const store = t.store;
    const counting = new Proxy(store, {
      get: (target, key) => (key === 'get' ? (ref: Parameters<typeof store.get>[0]) => (reads++, target.get(ref)) : (Reflect.get(target, key) as (...a: unknown[]) => unknown).bind?.(target)),
    });
    pods = new GenericStore(def, defaultStrategy(def), counting, { cached: (ref) => copies.get(ref.name) });
  });
  afterAll(() => t.cleanup());
  const labelled = (o: KubeObject, labels: Record<string, string>) => ({ ...o, metadata: { ...o.metadata, labels } });

  it('writes from a current copy without reading storage, and leaves the copy untouched', async () => {
    const created = await pods.create('default', pod('fresh'), ctx);
    copies.set('fresh', created);
    const frozen = structuredClone(created);
    reads = 0;
    const { object } = await pods.update('default', 'fresh', labelled(created, { app: 'v2' }), ctx);
    expect(reads).toBe(0);
    expect(object.metadata).toMatchObject({ labels: { app: 'v2' } });
    expect(copies.get('fresh')).toEqual(frozen);
  });

  it('redoes the work on storage’s state when the copy is stale: unconditional writes keep the latest changes, conditional ones are judged against storage', async () => {
    const v1 = await pods.create('default', pod('stale'), ctx);
    const v2 = (await pods.update('default', 'stale', labelled(v1, { app: 'v2' }), ctx)).object;
    copies.set('stale', v1);
    reads = 0;
    // A binding (guaranteedUpdate) works on v2, not on the cached v1.
    const bound = await pods.guaranteedUpdate('default', 'stale', (p) => ({ ...p, spec: { ...(p['spec'] as object), nodeName: 'n1' } }), ctx);
    expect(bound.metadata).toMatchObject({ labels: { app: 'v2' } });
    expect(reads).toBe(1);
    // A conditional update at storage's revision succeeds although the copy is older; one at the copy's revision is a 409.
    const v4 = (await pods.update('default', 'stale', labelled(bound, { app: 'v4' }), ctx)).object;
    expect(await status(pods.update('default', 'stale', labelled(v2, { app: 'old' }), ctx))).toMatchObject({ code: 409, reason: 'Conflict' });
    // A patch is made again on the latest state.
    const patched = await pods.patch('default', 'stale', (p) => ({ ...p, metadata: { ...p.metadata, annotations: { seen: p.metadata?.labels?.['app'] ?? '' } } }), ctx);
    expect(patched.metadata?.annotations).toEqual({ seen: 'v4' });
    expect(Number(patched.metadata!.resourceVersion)).toBeGreaterThan(Number(v4.metadata!.resourceVersion));
  });

  it('answers 404 for an object storage no longer has, whatever the copy says', async () => {
    const gone = await pods.create('default', pod('gone'), ctx);
    await pods.delete('default', 'gone', { gracePeriodSeconds: 0 }, ctx);
    copies.set('gone', gone);
    expect(await status(pods.update('default', 'gone', labelled(gone, { app: 'x' }), ctx))).toMatchObject({ code: 404 });
    expect(await status(pods.delete('default', 'gone', { gracePeriodSeconds: 0 }, ctx))).toMatchObject({ code: 404, message: 'pods "gone" not found' });
    expect(await status(pods.guaranteedUpdate('default', 'gone', (p) => p, ctx))).toMatchObject({ code: 404 });
  });

  it('judges a delete’s preconditions against storage, not against a stale copy', async () => {
    const v1 = await pods.create('default', pod('pre'), ctx);
    const v2 = (await pods.update('default', 'pre', labelled(v1, { app: 'v2' }), ctx)).object;
    copies.set('pre', v1);
    const deleted = await pods.delete('default', 'pre', { gracePeriodSeconds: 0, preconditions: { resourceVersion: v2.metadata!.resourceVersion! } }, ctx);
    expect(deleted).toMatchObject({ deleted: true, object: { metadata: { labels: { app: 'v2' } } } });
  });
});

describe('GenericStore: a conditional update with a stale cached copy', () => {
  it('is judged against storage’s state when it asks for storage’s revision', async () => {
    const t = await openTestStore({}, 'generic-cached-cond');
    try {
      const def = findResource('', 'v1', 'pods')!;
      const copies = new Map<string, KubeObject>();
      const pods = new GenericStore(def, defaultStrategy(def), t.store, { cached: (ref) => copies.get(ref.name) });
      const image = (o: KubeObject, to: string) => ({ ...o, spec: { containers: [{ name: 'c', image: to }] } });
      const v1 = await pods.create('default', pod('p'), ctx);
      const v2 = (await pods.update('default', 'p', image(v1, 'b'), ctx)).object;
      copies.set('p', v1); // the cache has not seen v2 yet
      const v3 = (await pods.update('default', 'p', image(v2, 'c'), ctx)).object;
      // The generation moves on from v2's (2), not from the copy's (1).
      expect(v3.metadata).toMatchObject({ generation: 3 });
    } finally {
      await t.cleanup();
    }
  });
});
