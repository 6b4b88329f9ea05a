import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const PODS = '/api/v1/namespaces/default/pods';
const cm = (name: string, metadata: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata }, data: { k: 'v' } });
const pod = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });

describe('delete and deletecollection over HTTP', () => {
  const t = useTestApp('delete');

  it('answers a delete with a Success Status, or with the object for resources that return it', async () => {
    const created = (await t.post(CMS, cm('plain'))).json();
    const deleted = await t.del(`${CMS}/plain`, { propagationPolicy: 'Background' });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'plain', group: '', kind: 'configmaps', uid: created.metadata.uid }, code: 200 });
    expect((await t.request({ url: `${CMS}/plain` })).statusCode).toBe(404);
    expect((await t.del(`${CMS}/plain`)).json()).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "plain" not found' });

    await t.post('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'robot' } });
    expect((await t.del('/api/v1/namespaces/default/serviceaccounts/robot')).json()).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'robot' } });
  });

  it('keeps an object with finalizers until an update removes the last one, which deletes it', async () => {
    await t.post(CMS, cm('held', { finalizers: ['example.com/hold'] }));
    const first = await t.del(`${CMS}/held`);
    expect(first.statusCode).toBe(200);
    const marked = first.json();
    expect(marked).toMatchObject({ kind: 'ConfigMap', metadata: { finalizers: ['example.com/hold'], deletionGracePeriodSeconds: 0, deletionTimestamp: expect.stringMatching(/Z$/) } });
    expect((await t.request({ url: `${CMS}/held` })).json().metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);

    // A second delete changes nothing and answers with the object again.
    const second = await t.del(`${CMS}/held`);
    expect(second.statusCode).toBe(200);
    expect(second.json().metadata.resourceVersion).toBe(marked.metadata.resourceVersion);

    const added = await t.merge(`${CMS}/held`, { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } });
    expect(added.statusCode).toBe(422);
    expect(added.json().message).toBe(
      'ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}',
    );
    const moved = await t.merge(`${CMS}/held`, { metadata: { deletionTimestamp: '2030-01-01T00:00:00Z' }, data: { k: 'changed' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);

    const released = await t.merge(`${CMS}/held`, { metadata: { finalizers: null } });
    expect(released.statusCode).toBe(200);
    expect(released.json().metadata.finalizers).toBeUndefined();
    expect((await t.request({ url: `${CMS}/held` })).statusCode).toBe(404);
  });

  it('refuses a deletionTimestamp set by an update', async () => {
    await t.post(CMS, cm('stamp'));
    const res = await t.merge(`${CMS}/stamp`, { metadata: { deletionTimestamp: '2030-01-01T00:00:00Z' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('ConfigMap "stamp" is invalid: metadata.deletionTimestamp: Invalid value: "2030-01-01T00:00:00Z": field is immutable');
  });

  it('records the garbage collector finalizers of Orphan and Foreground; 202 for orphanDependents=false', async () => {
    await t.post(CMS, cm('orphaned'));
    expect((await t.del(`${CMS}/orphaned`, { propagationPolicy: 'Orphan' })).json().metadata).toMatchObject({ finalizers: ['orphan'], deletionTimestamp: expect.any(String) });
    await t.post(CMS, cm('fg'));
    expect((await t.del(`${CMS}/fg?propagationPolicy=Foreground`)).json().metadata.finalizers).toEqual(['foregroundDeletion']);
    await t.post(CMS, cm('cascade', { finalizers: ['example.com/hold'] }));
    expect((await t.del(`${CMS}/cascade`, { orphanDependents: false })).statusCode).toBe(202);
  });

  it('checks preconditions and refuses bad options with upstream codes and messages', async () => {
    const created = (await t.post(CMS, cm('pre'))).json();
    const wrongUid = await t.del(`${CMS}/pre`, { preconditions: { uid: 'nope' } });
    expect(wrongUid.statusCode).toBe(409);
    expect(wrongUid.json().message).toBe(`Operation cannot be fulfilled on ConfigMap "pre": the UID in the precondition (nope) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`);
    expect((await t.del(`${CMS}/pre`, { preconditions: { resourceVersion: '1' } })).json()).toMatchObject({ code: 409, reason: 'Conflict' });
    const bad = await t.del(`${CMS}/pre`, { propagationPolicy: 'Sideways' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      reason: 'Invalid',
      message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    });
    expect((await t.del(`${CMS}/pre?gracePeriodSeconds=soon`)).json()).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect((await t.del(`${CMS}/pre`, { gracePeriodSeconds: 'soon' })).json()).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect((await t.del(`${CMS}/pre`, { dryRun: ['Maybe'] })).json()).toMatchObject({ code: 422, message: 'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Maybe"]: supported values: "All"' });
    const dry = await t.del(`${CMS}/pre?dryRun=All`);
    expect(dry.statusCode).toBe(200);
    expect((await t.request({ url: `${CMS}/pre` })).statusCode).toBe(200);
    expect((await t.del(`${CMS}/pre`, { preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion } })).statusCode).toBe(200);
  });

  it('deletes an unbound pod at once and gives a pod on a node its grace period', async () => {
    await t.post(PODS, pod('unbound'));
    const gone = await t.del(`${PODS}/unbound`);
    expect(gone.json()).toMatchObject({ kind: 'Pod', metadata: { deletionGracePeriodSeconds: 0 } });
    expect((await t.request({ url: `${PODS}/unbound` })).statusCode).toBe(404);

    await t.post(PODS, pod('bound', { nodeName: 'node-1' }));
    const before = Date.now();
    const terminating = (await t.del(`${PODS}/bound`)).json();
    expect(terminating.metadata).toMatchObject({ deletionGracePeriodSeconds: 30, generation: 2 });
    const deadline = Date.parse(terminating.metadata.deletionTimestamp);
    expect(deadline).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 29_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 31_000);
    // Still there for the kubelet; another delete with no shorter grace changes nothing.
    expect((await t.request({ url: `${PODS}/bound` })).statusCode).toBe(200);
    expect((await t.del(`${PODS}/bound`)).json().metadata.resourceVersion).toBe(terminating.metadata.resourceVersion);
    const shorter = (await t.del(`${PODS}/bound`, { gracePeriodSeconds: 5 })).json();
    expect(shorter.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(Date.parse(shorter.metadata.deletionTimestamp)).toBe(deadline - 25_000);
    // The kubelet's final delete.
    expect((await t.del(`${PODS}/bound`, { gracePeriodSeconds: 0 })).statusCode).toBe(200);
    expect((await t.request({ url: `${PODS}/bound` })).statusCode).toBe(404);
  });

  it('deletes a collection by label selector with per-object semantics and answers with the list', async () => {
    await t.post('/api/v1/namespaces', { metadata: { name: 'sweep' } });
    const url = '/api/v1/namespaces/sweep/configmaps';
    await t.post(url, cm('a1', { labels: { tier: 'a' } }));
    await t.post(url, cm('a2', { labels: { tier: 'a' }, finalizers: ['example.com/hold'] }));
    await t.post(url, cm('b1', { labels: { tier: 'b' } }));
    const res = await t.del(`${url}?labelSelector=tier%3Da`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(res.json().items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a1', 'a2']);
    const left = (await t.request({ url })).json().items;
    expect(left.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a2', 'b1']);
    expect(left[0].metadata.deletionTimestamp).toEqual(expect.any(String));
    expect((await t.del(`${url}?labelSelector=tier%20in%20a`)).statusCode).toBe(400);
    expect((await t.del('/api/v1/configmaps')).statusCode).toBe(404);
  });

  it('deletes every page of a large collection (several objects at a time), answering with all of them in list order', async () => {
    await t.post('/api/v1/namespaces', { metadata: { name: 'bulk' } });
    const url = '/api/v1/namespaces/bulk/configmaps';
    const names = Array.from({ length: 40 }, (_, i) => `cm-${String(i).padStart(2, '0')}`);
    for (const name of names) await t.post(url, cm(name));
    const res = await t.del(url);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(names);
    expect((await t.request({ url })).json().items).toEqual([]);
  });
});
