import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

/** What kubectl get sends (kubernetes-clients.md §1.3). */
const KUBECTL_GET = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const TABLE_V1BETA1 = 'application/json;as=Table;v=v1beta1;g=meta.k8s.io';

interface Row {
  cells: unknown[];
  object: { kind: string; apiVersion: string; metadata: { name: string; namespace?: string } } | null;
}

describe('GET and LIST as Table (Accept: as=Table)', () => {
  const t = useTestApp('tables');
  beforeAll(async () => {
    for (const ns of ['tables', 'other']) await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const name of ['alpha', 'beta', 'gamma']) await post('/api/v1/namespaces/tables/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'web' } }, data: { a: '1', b: '2' } });
  });

  async function post(url: string, payload: object): Promise<void> {
    const res = await t.request({ method: 'POST', url, payload });
    if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
  }
  const get = (url: string, accept?: string) => t.request({ url, headers: accept ? { accept } : {} });

  it('lists as a meta.k8s.io/v1 Table for kubectl get, as application/json', async () => {
    const res = await get('/api/v1/namespaces/tables/configmaps?limit=500', KUBECTL_GET);
    expect(res.statusCode).toBe(200);
    // Upstream writes exactly application/json; Fastify adds its charset parameter, which clients ignore.
    expect(String(res.headers['content-type']).split(';')[0]).toBe('application/json');
    const table = res.json();
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(table.columnDefinitions.map((c: { name: string; type: string; format: string; priority: number }) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Data', 'string', '', 0],
      ['Age', 'string', '', 0],
    ]);
    expect(table.rows.map((r: Row) => r.cells)).toEqual([
      ['alpha', 2, expect.stringMatching(/^\d+s$/)],
      ['beta', 2, expect.stringMatching(/^\d+s$/)],
      ['gamma', 2, expect.stringMatching(/^\d+s$/)],
    ]);
    expect(table.rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'alpha', namespace: 'tables', labels: { app: 'web' }, uid: expect.any(String) }) });
  });

  it('answers meta.k8s.io/v1beta1 when that is the version asked for', async () => {
    const table = (await get('/api/v1/namespaces/tables/configmaps', TABLE_V1BETA1)).json();
    expect(table.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1' });
  });

  it('carries the whole object or none per includeObject, and refuses other values with 400', async () => {
    const full = (await get('/api/v1/namespaces/tables/configmaps?includeObject=Object', KUBECTL_GET)).json();
    expect(full.rows[1].object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'beta' }, data: { a: '1', b: '2' } });
    const none = (await get('/api/v1/namespaces/tables/configmaps?includeObject=None', KUBECTL_GET)).json();
    expect(none.rows.map((r: Row) => r.object)).toEqual([null, null, null]);
    const bad = await get('/api/v1/namespaces/tables/configmaps?includeObject=Everything', KUBECTL_GET);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message: 'Unable to convert to Table as requested: includeObject: Unsupported value: "Everything": supported values: "Metadata", "None", "Object"',
    });
  });

  it('gets one object as a one-row Table carrying its resourceVersion', async () => {
    const plain = (await get('/api/v1/namespaces/tables/configmaps/beta')).json();
    const table = (await get('/api/v1/namespaces/tables/configmaps/beta', KUBECTL_GET)).json();
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: plain.metadata.resourceVersion } });
    expect(table.columnDefinitions).toHaveLength(3);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].cells[0]).toBe('beta');
    const missing = await get('/api/v1/namespaces/tables/configmaps/nope', KUBECTL_GET);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'configmaps "nope" not found' });
  });

  it('leaves plain JSON requests as they were', async () => {
    for (const accept of [undefined, 'application/json', '*/*', 'application/vnd.kubernetes.protobuf,application/json']) {
      const list = (await get('/api/v1/namespaces/tables/configmaps', accept)).json();
      expect(list).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
      expect(list.items).toHaveLength(3);
      expect((await get('/api/v1/namespaces/tables/configmaps/alpha', accept)).json()).toMatchObject({ kind: 'ConfigMap', data: { a: '1', b: '2' } });
    }
  });

  it('refuses an Accept it cannot serve with 406 NotAcceptable, before looking the object up', async () => {
    for (const url of ['/api/v1/namespaces/tables/configmaps', '/api/v1/namespaces/tables/configmaps/alpha', '/api/v1/namespaces/tables/configmaps/nope']) {
      for (const accept of ['text/html', 'application/json;as=Table;v=v2;g=meta.k8s.io']) {
        const res = await get(url, accept);
        expect(res.statusCode).toBe(406);
        expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotAcceptable', code: 406, message: 'only the following media types are accepted: application/json' });
      }
    }
  });

  it('pages Table lists with limit and continue', async () => {
    const first = (await get('/api/v1/namespaces/tables/configmaps?limit=2', KUBECTL_GET)).json();
    expect(first.rows.map((r: Row) => r.cells[0])).toEqual(['alpha', 'beta']);
    expect(first.metadata.continue).toEqual(expect.any(String));
    const second = (await get(`/api/v1/namespaces/tables/configmaps?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`, KUBECTL_GET)).json();
    expect(second.rows.map((r: Row) => r.cells[0])).toEqual(['gamma']);
    expect(second.metadata).toEqual({ resourceVersion: first.metadata.resourceVersion });
  });

  it('lists across namespaces with each row naming its namespace (kubectl get -A)', async () => {
    await post('/api/v1/namespaces/other/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'delta' } });
    const table = (await get('/api/v1/configmaps', KUBECTL_GET)).json();
    const rows = table.rows.map((r: Row) => `${r.object?.metadata.namespace}/${r.cells[0]}`);
    expect(rows).toEqual(expect.arrayContaining(['tables/alpha', 'tables/beta', 'tables/gamma', 'other/delta']));
  });

  it('prints pods with upstream columns from their status', async () => {
    await post('/api/v1/namespaces/tables/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'log', image: 'fluentbit' }] } });
    const status = {
      phase: 'Running',
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      containerStatuses: [
        { name: 'app', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } },
        { name: 'log', image: 'fluentbit', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    };
    const patched = await t.request({ method: 'PATCH', url: '/api/v1/namespaces/tables/pods/web/status', payload: JSON.stringify({ status }), headers: { 'content-type': 'application/merge-patch+json' } });
    expect(patched.statusCode).toBe(200);
    const table = (await get('/api/v1/namespaces/tables/pods', KUBECTL_GET)).json();
    expect(table.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
    expect(table.rows[0].cells).toEqual(['web', '1/2', 'CrashLoopBackOff', '3', expect.stringMatching(/^\d+s$/), '10.244.1.5', '<none>', '<none>', '<none>']);
  });

  it('serves PartialObjectMetadataList and PartialObjectMetadata, and 406 for the wrong one', async () => {
    const list = (await get('/api/v1/namespaces/tables/configmaps', 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json')).json();
    expect(list).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: expect.any(String) } });
    expect(list.items[0]).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'alpha' }) });
    const one = (await get('/api/v1/namespaces/tables/configmaps/alpha', 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1')).json();
    expect(one).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'alpha', namespace: 'tables' }) });
    const wrong = await get('/api/v1/namespaces/tables/configmaps', 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1');
    expect(wrong.statusCode).toBe(406);
    expect(wrong.json().message).toBe('you requested PartialObjectMetadata, but the requested object is a list (*core.ConfigMapList)');
  });
});
