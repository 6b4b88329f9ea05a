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
