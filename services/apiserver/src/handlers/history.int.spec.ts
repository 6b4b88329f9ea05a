import { describe, expect, it } from 'vitest';
import { waitUntil } from '@kubeledger/bus/testing';
import { useTestApp } from '../testing/use-test-app.js';
import type { HistoryItem } from './history.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const history = (path: string) => `/kubeledger/history${path}`;
const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
});
const replicas = (item: HistoryItem) => (item.object['spec'] as { replicas?: number }).replicas;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('GET /kubeledger/history/<object path>', () => {
  const t = useTestApp('history');

  it('answers every retained revision of the key in order, with who wrote it, across delete and re-create', async () => {
    const created = (await t.post(DEPLOYS, deployment('web'))).json();
    expect((await t.merge(`${DEPLOYS}/web`, { metadata: { labels: { tier: 'frontend' } } })).statusCode).toBe(200);
    const asBot = { 'impersonate-user': 'system:bot', 'impersonate-group': 'system:masters' };
    const scaled = await t.request({ method: 'PATCH', url: `${DEPLOYS}/web/scale`, payload: JSON.stringify({ spec: { replicas: 3 } }), headers: { 'content-type': 'application/merge-patch+json', ...asBot } });
    expect(scaled.statusCode).toBe(200);
    expect((await t.del(`${DEPLOYS}/web`)).statusCode).toBe(200);
    const again = (await t.post(DEPLOYS, deployment('web'))).json();

    const res = await t.request({ url: history(`${DEPLOYS}/web`) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'ObjectHistory', apiVersion: 'kubeledger.io/v1', metadata: {} });
    const items = body.items as HistoryItem[];
    expect(items.map((i) => i.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED', 'ADDED']);
    expect(items.map((i) => i.user)).toEqual(['test-admin', 'test-admin', 'system:bot', 'test-admin', 'test-admin']);
    expect(items.map((i) => i.impersonator)).toEqual([undefined, undefined, 'test-admin', undefined, undefined]);
    const revisions = items.map((i) => Number(i.revision));
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(5);
    for (const item of items) {
      expect(typeof item.revision).toBe('string');
      expect(item.time).toMatch(RFC3339);
      expect(item.object.metadata?.resourceVersion).toBe(item.revision);
    }
    expect(items[0]!).toMatchObject({ revision: created.metadata.resourceVersion, uid: created.metadata.uid });
    expect(items[1]!.object.metadata?.labels).toEqual({ app: 'web', tier: 'frontend' });
    expect(items.map(replicas)).toEqual([1, 1, 3, 3, 1]);
    expect(items[4]!).toMatchObject({ revision: again.metadata.resourceVersion, uid: again.metadata.uid });
    expect(items[4]!.uid).not.toBe(items[0]!.uid);
  });

  it('serves cluster-scoped objects and keeps a deleted object’s history readable', async () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } };
    expect((await t.post('/api/v1/nodes', node)).statusCode).toBe(201);
    expect((await t.del('/api/v1/nodes/node-1')).statusCode).toBe(200);
    expect((await t.request({ url: '/api/v1/nodes/node-1' })).statusCode).toBe(404);
    const res = await t.request({ url: history('/api/v1/nodes/node-1') });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { type: string }) => i.type)).toEqual(['ADDED', 'DELETED']);
    expect((await t.request({ url: history('/api/v1/namespaces/default') })).json().items[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Namespace', metadata: { name: 'default' } } });
  });

  it('is authorized as a GET of the object: 403 without get, 200 with get on just that object', async () => {
    await t.post(CONFIGMAPS, { metadata: { name: 'settings' }, data: { k: 'v' } });
    await t.post(CONFIGMAPS, { metadata: { name: 'other' } });
    const erin = t.auth().addUser({ name: 'erin', groups: [] });

    const denied = await t.request({ url: history(`${CONFIGMAPS}/settings`), headers: erin });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: 'configmaps "settings" is forbidden: User "erin" cannot get resource "configmaps" in API group "" in the namespace "default"',
      details: { name: 'settings', kind: 'configmaps' },
    });
    const forbiddenDeploy = await t.request({ url: history(`${DEPLOYS}/web`), headers: erin });
    expect(forbiddenDeploy.json().message).toBe('deployments.apps "web" is forbidden: User "erin" cannot get resource "deployments" in API group "apps" in the namespace "default"');

    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'settings-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get'] }] };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'erin-settings' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'settings-reader' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'erin' }] };
    expect((await t.post('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', role)).statusCode).toBe(201);
    expect((await t.post('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', binding)).statusCode).toBe(201);
    await waitUntil(async () => (await t.request({ url: `${CONFIGMAPS}/settings`, headers: erin })).statusCode === 200, 5_000, 'the binding to take effect');

    const allowed = await t.request({ url: history(`${CONFIGMAPS}/settings`), headers: erin });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().items).toHaveLength(1);
    expect(allowed.json().items[0]).toMatchObject({ type: 'ADDED', user: 'test-admin', object: { data: { k: 'v' } } });
    expect((await t.request({ url: history(`${CONFIGMAPS}/other`), headers: erin })).statusCode).toBe(403);
    // The same request info as GET: a list of the collection is what authorization sees, and history has none.
    expect((await t.request({ url: history(CONFIGMAPS), headers: erin })).statusCode).toBe(403);
  });

  it('answers 404 NotFound for unknown resources, paths that name no object, and keys with no revision', async () => {
    const unknown = await t.request({ url: history('/apis/example.com/v1/namespaces/default/widgets/w') });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });

    const never = await t.request({ url: history(`${CONFIGMAPS}/never`) });
    expect(never.statusCode).toBe(404);
    expect(never.json()).toMatchObject({ reason: 'NotFound', message: 'configmaps "never" not found', details: { name: 'never', kind: 'configmaps' } });
    expect((await t.request({ url: history(`${DEPLOYS}/never`) })).json().message).toBe('deployments.apps "never" not found');

    for (const path of [CONFIGMAPS, '/api/v1/configmaps/x', '/api/v1/namespaces/default/nodes/n', `${DEPLOYS}/web/scale`, '/api/v1', '/version']) {
      const res = await t.request({ url: history(path) });
      expect({ path, code: res.statusCode, reason: res.json().reason }).toEqual({ path, code: 404, reason: 'NotFound' });
    }
    expect((await t.request({ method: 'POST', url: history(`${CONFIGMAPS}/x`), payload: {} })).statusCode).toBe(404);
  });
});
