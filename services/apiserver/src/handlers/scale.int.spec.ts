import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const template = { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
const deployment = (name: string, replicas = 2) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas, selector: { matchLabels: { app: 'web', tier: 'front' } }, template } });

describe('<resource>/scale', () => {
  const t = useTestApp('scale');

  it('reads a Deployment as an autoscaling/v1 Scale', async () => {
    const created = (await t.post(DEPLOYS, deployment('web'))).json();
    const scale = await t.request({ url: `${DEPLOYS}/web/scale` });
    expect(scale.statusCode).toBe(200);
    expect(scale.json()).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default', uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion, creationTimestamp: created.metadata.creationTimestamp },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web,tier=front' },
    });
    expect((await t.request({ url: `${DEPLOYS}/nope/scale` })).json()).toMatchObject({ code: 404, message: 'deployments/scale.apps "nope" not found' });
  });

  it('changes spec.replicas by merge patch (what kubectl scale sends), JSON patch and PUT', async () => {
    await t.post(DEPLOYS, deployment('grow'));
    const merged = await t.merge(`${DEPLOYS}/grow/scale`, { spec: { replicas: 5 } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ kind: 'Scale', spec: { replicas: 5 } });
    const after = (await t.request({ url: `${DEPLOYS}/grow` })).json();
    expect(after.spec.replicas).toBe(5);
    expect(after.metadata.generation).toBe(2);
    expect(merged.json().metadata.resourceVersion).toBe(after.metadata.resourceVersion);

    const json = await t.request({ method: 'PATCH', url: `${DEPLOYS}/grow/scale`, payload: JSON.stringify([{ op: 'replace', path: '/spec/replicas', value: 3 }]), headers: { 'content-type': 'application/json-patch+json' } });
    expect(json.json().spec.replicas).toBe(3);

    const scale = (await t.request({ url: `${DEPLOYS}/grow/scale` })).json();
    const put = await t.request({ method: 'PUT', url: `${DEPLOYS}/grow/scale`, payload: { ...scale, spec: { replicas: 0 } } });
    expect(put.statusCode).toBe(200);
    expect((await t.request({ url: `${DEPLOYS}/grow` })).json().spec.replicas).toBe(0);
    // The Scale's resourceVersion is a precondition.
    const stale = await t.request({ method: 'PUT', url: `${DEPLOYS}/grow/scale`, payload: { ...scale, spec: { replicas: 4 } } });
    expect(stale.json()).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('refuses negative replicas (422 on the Scale) and serves replicasets and statefulsets too', async () => {
    await t.post(DEPLOYS, deployment('neg'));
    const neg = await t.merge(`${DEPLOYS}/neg/scale`, { spec: { replicas: -1 } });
    expect(neg.statusCode).toBe(422);
    expect(neg.json()).toMatchObject({ reason: 'Invalid', message: 'Scale.autoscaling "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0', details: { kind: 'Scale', group: 'autoscaling' } });
    expect((await t.request({ method: 'DELETE', url: `${DEPLOYS}/neg/scale` })).statusCode).toBe(405);

    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'web', tier: 'front' } }, template } };
    await t.post('/apis/apps/v1/namespaces/default/replicasets', rs);
    expect((await t.merge('/apis/apps/v1/namespaces/default/replicasets/rs/scale', { spec: { replicas: 4 } })).json().spec.replicas).toBe(4);
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'web', tier: 'front' } }, template } };
    await t.post('/apis/apps/v1/namespaces/default/statefulsets', sts);
    expect((await t.merge('/apis/apps/v1/namespaces/default/statefulsets/db/scale', { spec: { replicas: 3 } })).json()).toMatchObject({ spec: { replicas: 3 }, status: { selector: 'app=web,tier=front' } });
    expect((await t.request({ url: '/apis/apps/v1/namespaces/default/daemonsets/x/scale' })).statusCode).toBe(404);
  });
});
