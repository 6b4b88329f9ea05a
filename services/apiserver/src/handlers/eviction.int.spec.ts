import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../testing/use-test-app.js';

const NS = '/api/v1/namespaces/default';
const PODS = `${NS}/pods`;
const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
const eviction = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, ...extra });

/** A pod in `phase`, Ready or not, as a kubelet would have reported it. */
async function podIn(t: TestApp, name: string, phase: string, ready: boolean, labels: Record<string, string> = { app: 'web' }) {
  const created = (await t.post(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })).json();
  const status = { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
  const res = await t.request({ method: 'PUT', url: `${PODS}/${name}/status`, payload: { ...created, status } });
  expect(res.statusCode).toBe(200);
}

/** A budget whose status says what the disruption controller would have written. */
async function budget(t: TestApp, name: string, spec: Record<string, unknown>, status: Record<string, unknown>) {
  const created = (await t.post(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } })).json();
  const res = await t.request({ method: 'PUT', url: `${PDBS}/${name}/status`, payload: { ...created, status: { observedGeneration: 1, ...status } } });
  expect(res.statusCode).toBe(200);
}

const exists = async (t: TestApp, name: string) => (await t.request({ url: `${PODS}/${name}` })).statusCode === 200;

describe('pods/eviction', () => {
  const t = useTestApp('eviction');

  it('evicts a pod its budget allows: 201 Success, one disruption spent and the pod noted, the pod deleted', async () => {
    await podIn(t, 'web-1', 'Running', true);
    await budget(t, 'web', { minAvailable: 1 }, { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    const res = await t.post(`${PODS}/web-1/eviction`, eviction('web-1'));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    expect(await exists(t, 'web-1')).toBe(false);
    const status = (await t.request({ url: `${PDBS}/web` })).json().status;
    expect(status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { 'web-1': expect.stringMatching(/Z$/) } });
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })]);

    // The budget is spent now: 429 with upstream's Status.
    await podIn(t, 'web-2', 'Running', true);
    const refused = await t.post(`${PODS}/web-2/eviction`, eviction('web-2'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 1 healthy pods and has 2 currently' }] },
      code: 429,
    });
    expect(await exists(t, 'web-2')).toBe(true);
  });

  it('grants one of two concurrent evictions a budget of one disruption allows, refusing the other', async () => {
    await podIn(t, 'race-1', 'Running', true, { app: 'race' });
    await podIn(t, 'race-2', 'Running', true, { app: 'race' });
    const created = (await t.post(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'race' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'race' } } } })).json();
    await t.request({ method: 'PUT', url: `${PDBS}/race/status`, payload: { ...created, status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 } } });
    const codes = await Promise.all(['race-1', 'race-2'].map(async (name) => (await t.post(`${PODS}/${name}/eviction`, eviction(name))).statusCode));
    expect(codes.sort()).toEqual([201, 429]);
    expect(Object.keys((await t.request({ url: `${PDBS}/race` })).json().status.disruptedPods)).toHaveLength(1);
  });

  it('evicts a terminal pod despite an exhausted budget, and refuses a budget the controller has not observed', async () => {
    await podIn(t, 'done', 'Succeeded', false, { app: 'batch' });
    await podIn(t, 'busy', 'Running', true, { app: 'batch' });
    const created = (await t.post(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'batch' }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'batch' } } } })).json();
    expect((await t.post(`${PODS}/done/eviction`, eviction('done'))).statusCode).toBe(201);
    expect(await exists(t, 'done')).toBe(false);
    expect(created.metadata.generation).toBe(1);
    const unobserved = await t.post(`${PODS}/busy/eviction`, eviction('busy'));
    expect(unobserved.statusCode).toBe(429);
    expect(unobserved.headers['retry-after']).toBe('10');
    expect(unobserved.json().details).toEqual({ retryAfterSeconds: 10, causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget batch is still being processed by the server.' }] });
  });

  it('dry run decides without spending or deleting; a name mismatch is 400, a missing pod 404, two budgets 500', async () => {
    await podIn(t, 'dry', 'Running', true, { app: 'dry' });
    const created = (await t.post(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'dry' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'dry' } } } })).json();
    await t.request({ method: 'PUT', url: `${PDBS}/dry/status`, payload: { ...created, status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0, expectedPods: 1 } } });
    expect((await t.post(`${PODS}/dry/eviction?dryRun=All`, eviction('dry'))).statusCode).toBe(201);
    expect((await t.post(`${PODS}/dry/eviction`, eviction('dry', { deleteOptions: { dryRun: ['All'] } }))).statusCode).toBe(201);
    expect((await t.post(`${PODS}/dry/eviction?dryRun=All`, { ...eviction('dry'), apiVersion: 'policy/v1beta1' })).statusCode).toBe(201);
    expect((await t.post(`${PODS}/dry/eviction`, { ...eviction('dry'), apiVersion: 'apps/v1' })).json()).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(await exists(t, 'dry')).toBe(true);
    expect((await t.request({ url: `${PDBS}/dry` })).json().status).toMatchObject({ disruptionsAllowed: 1 });

    expect((await t.post(`${PODS}/dry/eviction`, eviction('other'))).json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'name in URL does not match name in Eviction object' });
    expect((await t.post(`${PODS}/ghost/eviction`, eviction('ghost'))).json()).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "ghost" not found' });
    expect((await t.request({ method: 'GET', url: `${PODS}/dry/eviction` })).statusCode).toBe(405);

    await t.post(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'dry-too' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'dry' } } } });
    const two = await t.post(`${PODS}/dry/eviction`, eviction('dry'));
    expect(two.statusCode).toBe(500);
    expect(two.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 });
  });

  it('honours the delete options: a stale uid precondition is a 409 and the pod stays', async () => {
    await podIn(t, 'pinned', 'Running', true, { app: 'free' });
    const res = await t.post(`${PODS}/pinned/eviction`, eviction('pinned', { deleteOptions: { preconditions: { uid: '00000000-0000-4000-8000-000000000000' } } }));
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/^Operation cannot be fulfilled on Pod "pinned": the UID in the precondition \(00000000-0000-4000-8000-000000000000\) does not match the UID in record/);
    expect(await exists(t, 'pinned')).toBe(true);
  });

  it('marks the evicted pod DisruptionTarget (EvictionByEvictionAPI) before it deletes it', async () => {
    await podIn(t, 'held', 'Running', true, { app: 'held' });
    await t.merge(`${PODS}/held`, { metadata: { finalizers: ['example.com/hold'] } });
    expect((await t.post(`${PODS}/held/eviction`, eviction('held'))).statusCode).toBe(201);
    const held = (await t.request({ url: `${PODS}/held` })).json();
    expect(held.metadata.deletionTimestamp).toEqual(expect.stringMatching(/Z$/));
    expect(held.status.conditions).toContainEqual({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: expect.stringMatching(/Z$/), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    expect(held.status.conditions).toContainEqual({ type: 'Ready', status: 'True' });
  });

  it('lists pods/eviction in discovery as policy/v1 Eviction', async () => {
    const resources = (await t.request({ url: '/api/v1' })).json().resources;
    expect(resources).toContainEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  });
});
