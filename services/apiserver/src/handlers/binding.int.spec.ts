import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

const PODS = '/api/v1/namespaces/default/pods';
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
const binding = (name: string, node: string, metadata: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name, ...metadata }, target: { apiVersion: 'v1', kind: 'Node', name: node } });

describe('pods/binding', () => {
  const t = useTestApp('binding');

  it('binds an unscheduled pod to a node: nodeName, annotations, PodScheduled; 201 Success', async () => {
    await t.post(PODS, pod('web'));
    const res = await t.post(`${PODS}/web/binding`, binding('web', 'node-1', { annotations: { 'scheduler.example/score': '7' } }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Success' });
    const bound = (await t.request({ url: `${PODS}/web` })).json();
    expect(bound.spec.nodeName).toBe('node-1');
    expect(bound.metadata.annotations).toEqual({ 'scheduler.example/score': '7' });
    expect(bound.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: expect.stringMatching(/Z$/) }]);
    // Listed by node, as a kubelet lists its pods.
    const onNode = (await t.request({ url: '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1' })).json().items;
    expect(onNode.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['web']);
  });

  it('refuses a pod already bound (409), a missing pod (404) and a bad target (422)', async () => {
    await t.post(PODS, pod('twice'));
    expect((await t.post(`${PODS}/twice/binding`, binding('twice', 'node-1'))).statusCode).toBe(201);
    const again = await t.post(`${PODS}/twice/binding`, binding('twice', 'node-2'));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on pods/binding "twice": pod twice is already assigned to node "node-1"' });
    expect((await t.post(`${PODS}/ghost/binding`, binding('ghost', 'node-1'))).json()).toMatchObject({ code: 404, message: 'pods "ghost" not found' });
    const badKind = await t.post(`${PODS}/twice/binding`, { ...binding('twice', 'node-1'), target: { kind: 'Pod', name: 'x' } });
    expect(badKind.statusCode).toBe(422);
    expect(badKind.json().message).toBe('Binding "twice" is invalid: target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"');
    expect((await t.post(`${PODS}/twice/binding`, { ...binding('twice', ''), target: {} })).json().message).toBe('Binding "twice" is invalid: target.name: Required value');
    expect((await t.post(`${PODS}/twice/binding`, binding('other', 'node-1'))).json()).toMatchObject({ code: 400, message: 'name in URL does not match name in Binding object' });
    expect((await t.request({ method: 'GET', url: `${PODS}/twice/binding` })).statusCode).toBe(405);
  });

  it('honours the uid precondition and refuses a pod being deleted', async () => {
    await t.post(PODS, pod('pre'));
    const stale = await t.post(`${PODS}/pre/binding`, binding('pre', 'node-1', { uid: '00000000-0000-4000-8000-000000000000' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/^Operation cannot be fulfilled on pods "pre": Precondition failed: UID in precondition: 00000000-0000-4000-8000-000000000000, UID in object meta: /);
    await t.post(PODS, { ...pod('leaving'), metadata: { name: 'leaving', finalizers: ['example.com/hold'] } });
    await t.del(`${PODS}/leaving`);
    expect((await t.post(`${PODS}/leaving/binding`, binding('leaving', 'node-1'))).json().message).toBe('Operation cannot be fulfilled on pods/binding "leaving": pod leaving is being deleted, cannot be assigned to a host');
  });

  it('serves the legacy bindings resource', async () => {
    await t.post(PODS, pod('legacy'));
    const res = await t.post('/api/v1/namespaces/default/bindings', binding('legacy', 'node-9'));
    expect(res.statusCode).toBe(201);
    expect((await t.request({ url: `${PODS}/legacy` })).json().spec.nodeName).toBe('node-9');
    expect((await t.post('/api/v1/namespaces/other/bindings', { ...binding('legacy', 'node-9'), metadata: { name: 'legacy', namespace: 'default' } })).json()).toMatchObject({
      code: 400,
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });
});
