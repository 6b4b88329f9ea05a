import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../testing/use-test-app.js';

const NS = '/api/v1/namespaces';
const ns = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, ...extra });
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

describe('namespaces: lifecycle over HTTP', () => {
  const t = useTestApp('namespaces');

  it('creates a namespace Active, with the kubernetes finalizer and its name label', async () => {
    const created = await t.post(NS, ns('fresh', { spec: { finalizers: ['example.com/keep'] }, status: { phase: 'Terminating' } }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      metadata: { name: 'fresh', labels: { 'kubernetes.io/metadata.name': 'fresh' } },
      spec: { finalizers: ['example.com/keep', 'kubernetes'] },
      status: { phase: 'Active' },
    });
    expect((await t.post(NS, ns('plain'))).json().spec).toEqual({ finalizers: ['kubernetes'] });
  });

  it('refuses a finalizer that is neither standard nor qualified', async () => {
    const res = await t.post(NS, ns('odd', { spec: { finalizers: ['custom'] } }));
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('Namespace "odd" is invalid: spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified');
  });

  it('keeps spec.finalizers and status on an update of the namespace itself', async () => {
    await t.post(NS, ns('kept'));
    const updated = await t.merge(`${NS}/kept`, { metadata: { labels: { team: 'a' } }, spec: { finalizers: [] }, status: { phase: 'Terminating' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ metadata: { labels: { team: 'a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    expect(updated.json().metadata.generation).toBeUndefined();
  });

  it('marks a namespace Terminating on delete and keeps it until it is finalized', async () => {
    await t.post(NS, ns('leaving'));
    await t.post(`${NS}/leaving/configmaps`, cm('inside'));
    const first = await t.del(`${NS}/leaving`, { propagationPolicy: 'Background' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ kind: 'Namespace', metadata: { name: 'leaving', deletionTimestamp: expect.stringMatching(/Z$/) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } });
    expect(first.json().metadata.deletionGracePeriodSeconds).toBeUndefined();

    // Content can no longer be created in it.
    const refused = await t.post(`${NS}/leaving/configmaps`, cm('late'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      reason: 'Forbidden',
      message: 'configmaps "late" is forbidden: unable to create new content in namespace leaving because it is being terminated',
      details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace leaving is being terminated', field: 'metadata.namespace' }] },
    });

    // A second delete changes nothing while spec.finalizers remain.
    const second = await t.del(`${NS}/leaving`);
    expect(second.statusCode).toBe(200);
    expect(second.json().metadata.resourceVersion).toBe(first.json().metadata.resourceVersion);

    // The finalize that empties spec.finalizers removes it (no metadata.finalizers hold it).
    const body = second.json();
    const finalized = await t.request({ method: 'PUT', url: `${NS}/leaving/finalize`, payload: { ...body, spec: { finalizers: [] }, status: { phase: 'Active' } } });
    expect(finalized.statusCode).toBe(200);
    expect(finalized.json()).toMatchObject({ spec: { finalizers: [] }, status: { phase: 'Terminating' } });
    expect((await t.request({ url: `${NS}/leaving` })).json()).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "leaving" not found' });
  });

  it('finalize changes spec.finalizers only: not status, and no invalid names', async () => {
    const created = (await t.post(NS, ns('fin'))).json();
    const invalid = await t.request({ method: 'PUT', url: `${NS}/fin/finalize`, payload: { ...created, spec: { finalizers: ['kubernetes', 'nope'] } } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().message).toBe('Namespace "fin" is invalid: spec.finalizers[1]: Invalid value: "nope": name is neither a standard finalizer name nor is it fully qualified');
    const done = await t.request({ method: 'PUT', url: `${NS}/fin/finalize`, payload: { ...created, spec: { finalizers: ['example.com/x'] }, status: { phase: 'Terminating' } } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ spec: { finalizers: ['example.com/x'] }, status: { phase: 'Active' } });
    // Not deleting: the namespace stays.
    expect((await t.request({ url: `${NS}/fin` })).statusCode).toBe(200);
    expect((await t.request({ method: 'PATCH', url: `${NS}/fin/finalize`, headers: { 'content-type': 'application/merge-patch+json' }, payload: {} })).statusCode).toBe(405);
  });

  it('removes a terminating namespace without spec.finalizers on the next delete; metadata.finalizers still hold it', async () => {
    await t.post(NS, ns('held', { metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    const marked = (await t.del(`${NS}/held`)).json();
    const finalized = await t.request({ method: 'PUT', url: `${NS}/held/finalize`, payload: { ...marked, spec: { finalizers: [] } } });
    expect(finalized.statusCode).toBe(200);
    expect((await t.request({ url: `${NS}/held` })).json()).toMatchObject({ spec: { finalizers: [] }, status: { phase: 'Terminating' } });
    const again = await t.del(`${NS}/held`);
    expect(again.statusCode).toBe(200);
    expect(again.json().metadata).toMatchObject({ finalizers: ['example.com/hold'], deletionGracePeriodSeconds: 0 });
    expect((await t.merge(`${NS}/held`, { metadata: { finalizers: null } })).statusCode).toBe(200);
    expect((await t.request({ url: `${NS}/held` })).statusCode).toBe(404);
  });

  it('honours preconditions and the Orphan propagation policy on the first delete', async () => {
    const created = (await t.post(NS, ns('cond'))).json();
    const wrongUid = await t.del(`${NS}/cond`, { preconditions: { uid: 'other' } });
    expect(wrongUid.statusCode).toBe(409);
    expect(wrongUid.json().message).toBe(`Operation cannot be fulfilled on namespaces "cond": Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid}`);
    const wrongRv = await t.del(`${NS}/cond`, { preconditions: { resourceVersion: '1' } });
    expect(wrongRv.json().message).toBe(`Operation cannot be fulfilled on namespaces "cond": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${created.metadata.resourceVersion}`);
    const dry = await t.request({ method: 'DELETE', url: `${NS}/cond?dryRun=All` });
    expect(dry.json()).toMatchObject({ status: { phase: 'Terminating' } });
    expect((await t.request({ url: `${NS}/cond` })).json().status).toEqual({ phase: 'Active' });
    const orphan = await t.del(`${NS}/cond`, { propagationPolicy: 'Orphan', preconditions: { uid: created.metadata.uid } });
    expect(orphan.json().metadata.finalizers).toEqual(['orphan']);
  });

  it('takes a status write only with the phase deletion allows', async () => {
    const created = (await t.post(NS, ns('phased'))).json();
    const early = await t.request({ method: 'PUT', url: `${NS}/phased/status`, payload: { ...created, status: { phase: 'Terminating' } } });
    expect(early.statusCode).toBe(422);
    expect(early.json().message).toBe('Namespace "phased" is invalid: status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty');
    const marked = (await t.del(`${NS}/phased`)).json();
    const late = await t.request({ method: 'PUT', url: `${NS}/phased/status`, payload: { ...marked, status: { phase: 'Active' } } });
    expect(late.json().message).toBe('Namespace "phased" is invalid: status.Phase: Invalid value: "Active": may only be \'Terminating\' if `deletionTimestamp` is not empty');
    const conditions = [{ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' }];
    const reported = await t.request({ method: 'PUT', url: `${NS}/phased/status`, payload: { ...marked, spec: { finalizers: [] }, status: { phase: 'Terminating', conditions } } });
    expect(reported.statusCode).toBe(200);
    expect(reported.json()).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating', conditions } });
  });

  it('refuses to delete default, kube-system and kube-public', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const res = await t.del(`${NS}/${name}`);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, details: { name, kind: 'namespaces' } });
    }
    expect((await t.request({ url: `${NS}/default` })).json().status).toEqual({ phase: 'Active' });
  });
});
