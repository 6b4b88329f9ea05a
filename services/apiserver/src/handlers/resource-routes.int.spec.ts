import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

describe('resource verbs over HTTP', () => {
  const t = useTestApp('routes');

  const cm = (name: string, data: Record<string, string> = { k: 'v' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => t.request({ method: 'POST', url, payload: payload as object, headers });

  it('creates (201), gets, lists, replaces and deletes', async () => {
    const created = await post('/api/v1/namespaces/default/configmaps', cm('one'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default', resourceVersion: expect.any(String), uid: expect.any(String) } });

    const got = await t.request({ url: '/api/v1/namespaces/default/configmaps/one' });
    expect(got.json()).toEqual(created.json());

    const list = (await t.request({ url: '/api/v1/namespaces/default/configmaps' })).json();
    expect(list).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['one']);

    const replaced = await t.request({ method: 'PUT', url: '/api/v1/namespaces/default/configmaps/one', payload: { ...(created.json() as object), data: { k: 'v2' } } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().data).toEqual({ k: 'v2' });
    const stale = await t.request({ method: 'PUT', url: '/api/v1/namespaces/default/configmaps/one', payload: created.json() });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ kind: 'Status', reason: 'Conflict' });

    const deleted = await t.request({ method: 'DELETE', url: '/api/v1/namespaces/default/configmaps/one' });
    expect(deleted.statusCode).toBe(200);
    // ConfigMaps answer a delete with a Success Status naming what went (pods, services… with the object).
    expect(deleted.json()).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'one', kind: 'configmaps', uid: created.json().metadata.uid } });
    const gone = await t.request({ url: '/api/v1/namespaces/default/configmaps/one' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'configmaps "one" not found', details: { name: 'one', kind: 'configmaps' } });
  });

  it('starts with the system namespaces, Active', async () => {
    const list = (await t.request({ url: '/api/v1/namespaces' })).json();
    expect(list.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(list.items[0].status).toEqual({ phase: 'Active' });
  });

  it('refuses content in a namespace that does not exist, as NamespaceLifecycle does', async () => {
    const res = await post('/api/v1/namespaces/nowhere/configmaps', cm('x'));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ reason: 'NotFound', message: 'namespaces "nowhere" not found', details: { name: 'nowhere', kind: 'namespaces' } });
  });

  it('pages lists with limit and continue at one revision', async () => {
    expect((await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paged' } })).statusCode).toBe(201);
    for (const n of ['p1', 'p2', 'p3']) expect((await post('/api/v1/namespaces/paged/configmaps', cm(n))).statusCode).toBe(201);
    const first = (await t.request({ url: '/api/v1/namespaces/paged/configmaps?limit=2' })).json();
    expect(first.items).toHaveLength(2);
    const second = (await t.request({ url: `/api/v1/namespaces/paged/configmaps?limit=2&continue=${encodeURIComponent(first.metadata.continue)}` })).json();
    expect(second.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['p3']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.continue).toBeUndefined();
  });

  it('patches with merge and JSON patches, on the current state', async () => {
    await post('/api/v1/namespaces/default/configmaps', { ...cm('pt', { a: '1', b: '2' }), metadata: { name: 'pt', labels: { x: 'y' } } });
    const patch = (type: string, body: string) =>
      t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/pt', payload: body, headers: { 'content-type': type } });
    const merged = await patch('application/merge-patch+json', '{"data":{"a":null,"c":"3"},"metadata":{"labels":{"z":"w"}}}');
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ data: { b: '2', c: '3' }, metadata: { labels: { x: 'y', z: 'w' } } });
    expect(merged.json().data.a).toBeUndefined();
    const json = await patch('application/json-patch+json', '[{"op":"test","path":"/data/b","value":"2"},{"op":"replace","path":"/data/b","value":"two"}]');
    expect(json.json().data).toEqual({ b: 'two', c: '3' });
    expect(Number(json.json().metadata.resourceVersion)).toBeGreaterThan(Number(merged.json().metadata.resourceVersion));
    const pinned = await patch('application/merge-patch+json', `{"metadata":{"resourceVersion":"${merged.json().metadata.resourceVersion}"},"data":{"d":"4"}}`);
    expect(pinned.statusCode).toBe(409);
    expect((await patch('application/merge-patch+json', '{"data":{"d":4}}')).statusCode).toBe(400); // a number where a string goes
    expect((await t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/missing', payload: '{}', headers: { 'content-type': 'application/merge-patch+json' } })).statusCode).toBe(404);
  });

  it('serves pods/status: writes there change status only, and the main resource ignores status', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'st', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const created = (await post('/api/v1/namespaces/default/pods', { ...pod, status: { phase: 'Running' } })).json();
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const url = '/api/v1/namespaces/default/pods/st/status';
    const put = await t.request({
      method: 'PUT', url,
      payload: { ...created, metadata: { ...created.metadata, labels: { changed: 'yes' } }, spec: { containers: [{ name: 'c', image: 'other' }] }, status: { phase: 'Pending', podIP: '127.0.0.10' } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ status: { phase: 'Pending', podIP: '127.0.0.10' }, metadata: { labels: { a: 'b' }, generation: 1 }, spec: { containers: [{ image: 'nginx' }] } });
    const patched = await t.request({ method: 'PATCH', url, payload: '{"status":{"phase":"Running"}}', headers: { 'content-type': 'application/merge-patch+json' } });
    expect(patched.json().status).toEqual({ phase: 'Running', podIP: '127.0.0.10' });
    expect((await t.request({ url })).json().status.phase).toBe('Running');
    const main = await t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/pods/st', payload: '{"status":{"phase":"Failed"}}', headers: { 'content-type': 'application/merge-patch+json' } });
    expect(main.json().status.phase).toBe('Running');
    expect((await t.request({ method: 'DELETE', url })).statusCode).toBe(405);
    expect((await t.request({ url: '/api/v1/namespaces/default/configmaps/dup/status' })).statusCode).toBe(404);
    expect((await t.request({ url: '/api/v1/namespaces/default/pods/st/exec' })).statusCode).toBe(404);
  });

  it('filters lists by label and field selectors, and refuses ones it cannot parse or serve', async () => {
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sel' } });
    for (const [name, tier] of [['s1', 'front'], ['s2', 'back'], ['s3', 'front']] as const) {
      await post('/api/v1/namespaces/sel/configmaps', { ...cm(name), metadata: { name, labels: { tier } } });
    }
    const names = async (query: string) =>
      (await t.request({ url: `/api/v1/namespaces/sel/configmaps?${query}` })).json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(await names('labelSelector=tier%3Dfront')).toEqual(['s1', 's3']);
    expect(await names('labelSelector=tier%20notin%20(front)')).toEqual(['s2']);
    expect(await names('fieldSelector=metadata.name%3Ds2')).toEqual(['s2']);
    expect(await names('fieldSelector=metadata.name!%3Ds2&labelSelector=tier')).toEqual(['s1', 's3']);
    const bad = await t.request({ url: '/api/v1/namespaces/sel/configmaps?labelSelector=tier%20in%20front' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^unable to parse requirement/);
    const unsupported = await t.request({ url: '/api/v1/namespaces/sel/configmaps?fieldSelector=spec.nodeName%3Dx' });
    expect(unsupported.statusCode).toBe(400);
    expect(unsupported.json().message).toBe('field label not supported: spec.nodeName');
    expect((await t.request({ url: '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1' })).statusCode).toBe(200);
  });

  it('applies fieldValidation: Strict refuses unknown fields, Warn (the default) warns, Ignore drops', async () => {
    const body = { ...cm('fv'), bogus: 1 };
    const strict = await post('/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body);
    expect(strict.statusCode).toBe(400);
    expect(strict.json().message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"');
    const warn = await post('/api/v1/namespaces/default/configmaps', body);
    expect(warn.statusCode).toBe(201);
    expect([warn.headers['warning']].flat()).toEqual(['299 - "unknown field \\"bogus\\""']);
    expect(warn.json().bogus).toBeUndefined();
    expect((await post('/api/v1/namespaces/default/configmaps?fieldValidation=Nope', cm('x'))).statusCode).toBe(400);
  });

  it('answers bad input with a Status and the right code, never a 500', async () => {
    const cases: Array<[string, () => Promise<{ statusCode: number; json(): { kind: string; reason: string } }>, number, string]> = [
      ['malformed JSON', () => t.request({ method: 'POST', url: '/api/v1/namespaces/default/configmaps', payload: '{"metadata":', headers: { 'content-type': 'application/json' } }), 400, 'BadRequest'],
      ['a URL that does not decode', () => t.request({ url: '/api/v1/namespaces/%ZZ/pods' }), 400, 'BadRequest'],
      ['a body with a __proto__ key', () => t.request({ method: 'POST', url: '/api/v1/namespaces/default/configmaps', payload: '{"metadata":{"name":"p"},"__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } }), 400, 'BadRequest'],
      ['a body that is not an object', () => post('/api/v1/namespaces/default/configmaps', [1, 2]), 400, 'BadRequest'],
      ['a wrong JSON type', () => post('/api/v1/namespaces/default/configmaps', { ...cm('t'), data: 'nope' }), 400, 'BadRequest'],
      ['a kind that is not the resource', () => post('/api/v1/namespaces/default/configmaps', { ...cm('k'), kind: 'Secret' }), 400, 'BadRequest'],
      ['an invalid name', () => post('/api/v1/namespaces/default/configmaps', cm('Not_Valid')), 422, 'Invalid'],
      ['a duplicate', async () => (await post('/api/v1/namespaces/default/configmaps', cm('dup')), post('/api/v1/namespaces/default/configmaps', cm('dup'))), 409, 'AlreadyExists'],
      ['an oversized body', () => post('/api/v1/namespaces/default/configmaps', cm('big', { k: 'x'.repeat(3 * 1024 * 1024 + 1) })), 413, 'RequestEntityTooLarge'],
      ['an unsupported media type', () => t.request({ method: 'POST', url: '/api/v1/namespaces/default/configmaps', payload: 'x', headers: { 'content-type': 'text/plain' } }), 415, 'UnsupportedMediaType'],
      ['an unknown resource', () => t.request({ url: '/api/v1/namespaces/default/widgets' }), 404, 'NotFound'],
      ['a verb the resource does not serve', () => t.request({ method: 'DELETE', url: '/api/v1/namespaces' }), 405, 'MethodNotAllowed'],
      ['a patch type not served (CBOR apply)', () => t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/dup', payload: '{}', headers: { 'content-type': 'application/apply-patch+cbor' } }), 415, 'UnsupportedMediaType'],
      ['an apply patch that is not YAML', () => t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/dup?fieldManager=x', payload: '{a: [', headers: { 'content-type': 'application/apply-patch+yaml' } }), 400, 'BadRequest'],
      ['a strategic merge patch that is not an object', () => t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/dup', payload: '[1]', headers: { 'content-type': 'application/strategic-merge-patch+json' } }), 400, 'BadRequest'],
      ['a JSON patch that does not apply', () => t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/dup', payload: '[{"op":"test","path":"/data/k","value":"other"}]', headers: { 'content-type': 'application/json-patch+json' } }), 422, 'Invalid'],
      ['a malformed patch body', () => t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/dup', payload: '{"data":', headers: { 'content-type': 'application/merge-patch+json' } }), 400, 'BadRequest'],
      ['a stale resourceVersion that is not a number', () => t.request({ method: 'PUT', url: '/api/v1/namespaces/default/configmaps/dup', payload: { ...cm('dup'), metadata: { name: 'dup', resourceVersion: 'x' } } }), 400, 'BadRequest'],
      ['a namespace that differs from the URL', () => post('/api/v1/namespaces/default/configmaps', { ...cm('elsewhere'), metadata: { name: 'elsewhere', namespace: 'kube-system' } }), 400, 'BadRequest'],
      ['a label selector that does not parse', () => t.request({ url: '/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(' }), 400, 'BadRequest'],
      ['a field selector on a field the resource cannot select', () => t.request({ url: '/api/v1/pods?fieldSelector=spec.image%3Dx' }), 400, 'BadRequest'],
      ['a patch that renames the object', () => t.request({ method: 'PATCH', url: '/api/v1/namespaces/default/configmaps/dup', payload: '[{"op":"replace","path":"/metadata/name","value":"other"}]', headers: { 'content-type': 'application/json-patch+json' } }), 400, 'BadRequest'],
      ['a name that differs from the URL', () => t.request({ method: 'PUT', url: '/api/v1/namespaces/default/configmaps/dup', payload: cm('other') }), 400, 'BadRequest'],
    ];
    for (const [what, send, code, reason] of cases) {
      const res = await send();
      expect({ what, code: res.statusCode, kind: res.json().kind, reason: res.json().reason }).toEqual({ what, code, kind: 'Status', reason });
    }
  });
});
