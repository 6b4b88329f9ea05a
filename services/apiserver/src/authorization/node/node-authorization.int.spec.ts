import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../testing/use-test-app.js';

describe('Node authorization through the API: a kubelet sees its own pods and what they use, nothing else', () => {
  const t = useTestApp('node-authz');

  it('reads its pods and their Secret, not another node\'s pod or an unrelated Secret', async () => {
    const kubelet = t.auth().addUser({ name: 'system:node:n1', groups: ['system:nodes'] });
    for (const name of ['used', 'unused']) expect((await t.post('/api/v1/namespaces/default/secrets', { metadata: { name }, stringData: { k: 'v' } })).statusCode).toBe(201);
    const pod = (name: string, nodeName: string) => ({ metadata: { name }, spec: { nodeName, containers: [{ name: 'c', image: 'x', envFrom: [{ secretRef: { name: 'used' } }] }] } });
    expect((await t.post('/api/v1/namespaces/default/pods', pod('mine', 'n1'))).statusCode).toBe(201);
    expect((await t.post('/api/v1/namespaces/default/pods', pod('theirs', 'n2'))).statusCode).toBe(201);
    const get = (url: string) => t.request({ url, headers: kubelet });

    // At once: a refusal by what the cache shows is asked again once the cache has caught up with the log.
    expect((await get('/api/v1/namespaces/default/pods/mine')).statusCode).toBe(200);
    expect((await get('/api/v1/namespaces/default/secrets/used')).statusCode).toBe(200);
    expect((await get('/api/v1/pods?fieldSelector=spec.nodeName%3Dn1')).json().items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['mine']);

    const theirs = await get('/api/v1/namespaces/default/pods/theirs');
    expect(theirs.statusCode).toBe(403);
    expect(theirs.json().message).toBe(
      'pods "theirs" is forbidden: User "system:node:n1" cannot get resource "pods" in API group "" in the namespace "default": node \'n1\' cannot get pods theirs: no relationship found between node \'n1\' and this object',
    );
    expect((await get('/api/v1/namespaces/default/secrets/unused')).statusCode).toBe(403);
    expect((await get('/api/v1/pods')).statusCode).toBe(403);
    expect((await get('/api/v1/pods?fieldSelector=spec.nodeName%3Dn2')).statusCode).toBe(403);
    const status = await t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/pods/theirs/status', headers: { ...kubelet, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ status: { phase: 'Running' } }) });
    expect(status.statusCode).toBe(403);
  });

  it('lets a kubelet write the status of a pod bound to it a moment ago (the binding in the log, not yet in the cache)', async () => {
    const kubelet = t.auth().addUser({ name: 'system:node:n3', groups: ['system:nodes'] });
    for (let i = 0; i < 20; i++) {
      const name = `fresh-${i}`;
      expect((await t.post('/api/v1/namespaces/default/pods', { metadata: { name }, spec: { containers: [{ name: 'c', image: 'x' }] } })).statusCode).toBe(201);
      expect((await t.post(`/api/v1/namespaces/default/pods/${name}/binding`, { metadata: { name }, target: { kind: 'Node', name: 'n3' } })).statusCode).toBe(201);
      const patch = await t.request({ method: 'PATCH', url: `/api/v1/namespaces/default/pods/${name}/status`, headers: { ...kubelet, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ status: { phase: 'Running' } }) });
      expect(patch.statusCode).toBe(200);
    }
  });
});
