import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
const deployment = (name: string, containers: object[], extra: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } }, ...extra },
});

describe('server-side apply and managedFields (PATCH application/apply-patch+yaml)', () => {
  const t = useTestApp('apply');
  const apply = (url: string, body: unknown, query: string) => t.request({ method: 'PATCH', url: `${url}?${query}`, payload: JSON.stringify(body), headers: APPLY });

  it('creates an absent object (201) and records the applier as its manager', async () => {
    const res = await apply(`${CMS}/first`, cm('first', { a: '1', b: '2' }), 'fieldManager=alice');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.data).toEqual({ a: '1', b: '2' });
    expect(body.metadata.managedFields).toEqual([
      { manager: 'alice', operation: 'Apply', apiVersion: 'v1', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } },
    ]);
    const again = await apply(`${CMS}/first`, cm('first', { a: '1', b: '3' }), 'fieldManager=alice');
    expect(again.statusCode).toBe(200);
    expect(again.json().data).toEqual({ a: '1', b: '3' });
  });

  it('reads apply configurations written as YAML, block or flow style, as well as JSON', async () => {
    const block = await t.request({ method: 'PATCH', url: `${CMS}/yml?fieldManager=y`, payload: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yml\ndata:\n  a: "1"\n', headers: APPLY });
    expect(block.statusCode).toBe(201);
    expect(block.json().data).toEqual({ a: '1' });
    const flow = await t.request({ method: 'PATCH', url: `${CMS}/yml?fieldManager=y`, payload: '{apiVersion: v1, kind: ConfigMap, metadata: {name: yml}, data: {a: "2"}}', headers: APPLY });
    expect(flow.statusCode).toBe(200);
    expect(flow.json().data).toEqual({ a: '2' });
  });

  it('refuses to change a field another manager owns (409 with upstream message and causes) unless forced', async () => {
    await apply(`${CMS}/shared`, cm('shared', { a: '1' }), 'fieldManager=alice');
    const conflict = await apply(`${CMS}/shared`, cm('shared', { a: '2' }), 'fieldManager=bob');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "alice": .data.a',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.a' }] },
    });
    // Applying the same value is no conflict: both own it.
    expect((await apply(`${CMS}/shared`, cm('shared', { a: '1' }), 'fieldManager=bob')).statusCode).toBe(200);
    const forced = await apply(`${CMS}/shared`, cm('shared', { a: '2' }), 'fieldManager=bob&force=true');
    expect(forced.statusCode).toBe(200);
    expect(forced.json().data).toEqual({ a: '2' });
    const managers = forced.json().metadata.managedFields.map((m: { manager: string; fieldsV1: object }) => [m.manager, m.fieldsV1]);
    expect(managers).toEqual([['bob', { 'f:data': { 'f:a': {} } }]]);
  });

  it('removes a field its applier stops applying, unless another manager still owns it', async () => {
    await apply(`${CMS}/prune`, cm('prune', { a: '1', b: '2', c: '3' }), 'fieldManager=alice');
    await apply(`${CMS}/prune`, cm('prune', { c: '3' }), 'fieldManager=bob');
    const res = await apply(`${CMS}/prune`, cm('prune', { a: '1' }), 'fieldManager=alice');
    expect(res.json().data).toEqual({ a: '1', c: '3' });
  });

  it('records Update entries for PUT and non-apply patches (by fieldManager, else the User-Agent product), and [{}] clears them', async () => {
    const created = await t.request({ method: 'POST', url: `${CMS}?fieldManager=maker`, payload: cm('upd', { a: '1' }) });
    expect(created.json().metadata.managedFields).toMatchObject([{ manager: 'maker', operation: 'Update', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } }]);
    const patched = await t.request({ method: 'PATCH', url: `${CMS}/upd`, payload: JSON.stringify({ data: { b: '2' } }), headers: { 'content-type': 'application/merge-patch+json', 'user-agent': 'kubectl/v1.35.0 (linux/amd64) kubernetes/abc' } });
    // Entries sort by operation, time (seconds), then manager.
    expect(patched.json().metadata.managedFields.map((m: { manager: string }) => m.manager).sort()).toEqual(['kubectl', 'maker']);
    const current = patched.json();
    const cleared = await t.request({ method: 'PUT', url: `${CMS}/upd`, payload: { ...current, metadata: { ...current.metadata, managedFields: [{}] } } });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().metadata.managedFields).toBeUndefined();
  });

  it('applies to /status without touching spec, and records the subresource', async () => {
    await apply(`${DEPLOYS}/st`, deployment('st', [{ name: 'web', image: 'nginx' }]), 'fieldManager=alice');
    const res = await apply(`${DEPLOYS}/st/status`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'st' }, status: { replicas: 1, spec: undefined } }, 'fieldManager=ctrl');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status.replicas).toBe(1);
    expect(body.spec.template.spec.containers[0].image).toBe('nginx');
    expect(body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'ctrl')).toMatchObject({ operation: 'Apply', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } });
  });

  it('validates fields of apply configurations and of every patch type as fieldValidation says', async () => {
    const typo = { ...cm('typo', { a: '1' }), datta: { b: '2' } };
    expect((await apply(`${CMS}/typo`, typo, 'fieldManager=a&fieldValidation=Strict')).json()).toMatchObject({ code: 400, message: expect.stringContaining('unknown field "datta"') });
    const warned = await apply(`${CMS}/typo`, typo, 'fieldManager=a&fieldValidation=Warn');
    expect(warned.statusCode).toBe(201);
    expect(warned.headers['warning']).toEqual(['299 - "unknown field \\"datta\\""']);
    expect(warned.json().datta).toBeUndefined();
    for (const [type, body] of [
      ['application/json-patch+json', [{ op: 'add', path: '/datta', value: {} }]],
      ['application/merge-patch+json', { datta: {} }],
      ['application/strategic-merge-patch+json', { datta: {} }],
    ] as const) {
      const res = await t.request({ method: 'PATCH', url: `${CMS}/typo?fieldValidation=Strict`, payload: JSON.stringify(body), headers: { 'content-type': type } });
      expect({ type, code: res.statusCode, message: res.json().message }).toEqual({ type, code: 400, message: expect.stringContaining('unknown field "datta"') });
    }
  });

  it('answers an apply configuration whose list items repeat a key with a 400, not a 500', async () => {
    const twice = deployment('twice', [{ name: 'web', image: 'a' }, { name: 'web', image: 'b' }]);
    expect((await apply(`${DEPLOYS}/twice`, twice, 'fieldManager=a')).json()).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'failed to create typed patch object (default/twice; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="web"]',
    });
  });

  it('refuses managedFields in an apply configuration and a kind that is not the resource', async () => {
    const withFields = { ...cm('mf', { a: '1' }), metadata: { name: 'mf', managedFields: [] } };
    expect((await apply(`${CMS}/mf`, withFields, 'fieldManager=a')).json()).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });
    expect((await apply(`${CMS}/mf`, { ...cm('mf', {}), kind: 'Secret' }, 'fieldManager=a')).json()).toMatchObject({ code: 400 });
  });
});

describe('strategic merge patch (application/strategic-merge-patch+json)', () => {
  const t = useTestApp('smp');
  const smp = (url: string, patch: unknown, query = '') => t.request({ method: 'PATCH', url: `${url}${query}`, payload: JSON.stringify(patch), headers: SMP });

  it('merges containers by name, keeps server-set fields, and follows $setElementOrder and $patch: delete (what kubectl apply sends)', async () => {
    await t.post(DEPLOYS, deployment('web', [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }]));
    const res = await smp(`${DEPLOYS}/web`, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'web' }], containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    expect(res.statusCode).toBe(200);
    const containers = res.json().spec.template.spec.containers;
    expect(containers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([
      ['side', 'busybox'],
      ['web', 'nginx:1.28'],
    ]);
    expect(containers[1].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(containers[1].terminationMessagePath).toBe('/dev/termination-log');
    const deleted = await smp(`${DEPLOYS}/web`, { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } });
    expect(deleted.json().spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['web']);
  });

  it('refuses unknown fields with fieldValidation=Strict and a list element without its merge key (422 naming the patch)', async () => {
    await t.post(DEPLOYS, deployment('strict', [{ name: 'web', image: 'nginx' }]));
    const unknown = await smp(`${DEPLOYS}/strict`, { spec: { replicaz: 2 } }, '?fieldValidation=Strict');
    expect(unknown.json()).toMatchObject({ code: 400, message: expect.stringContaining('unknown field "spec.replicaz"') });
    const keyless = await smp(`${DEPLOYS}/strict`, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } });
    expect(keyless.json()).toMatchObject({ code: expect.any(Number), reason: expect.stringMatching(/^(Invalid|BadRequest)$/) });
    expect(keyless.statusCode).toBeGreaterThanOrEqual(400);
    expect(keyless.statusCode).toBeLessThan(500);
  });

  it('patches a Deployment through /scale with a strategic merge patch too', async () => {
    await t.post(DEPLOYS, deployment('scaled', [{ name: 'web', image: 'nginx' }]));
    const res = await smp(`${DEPLOYS}/scaled/scale`, { spec: { replicas: 4 } });
    expect(res.json()).toMatchObject({ kind: 'Scale', spec: { replicas: 4 } });
  });
});
