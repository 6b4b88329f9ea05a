import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStreamBounds, BusHeaders } from '@kubeledger/bus';
import { createTestBus, readStreamMessages, waitUntil, type TestBus } from '@kubeledger/bus/testing';
import {
  CONFIGMAPS,
  KubeClient,
  NAMESPACES,
  PODS,
  SERVICEACCOUNTS,
  isApiError,
  isConflict,
  isForbidden,
  isInvalid,
  isNotFound,
  isUnauthorized,
  loadKubeconfig,
  retryOnConflict,
  type ClientConfig,
  type ResourceRef,
} from '@kubeledger/client';
import type { KubeObject } from '@kubeledger/api';
import { startApiserver, type ApiserverProcess } from '@kubeledger/test-cluster';

const ROLES: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', namespaced: true };
const ROLEBINDINGS: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', namespaced: true };
const SELFSUBJECTREVIEWS: ResourceRef = { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', namespaced: false };

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}
interface Pod extends KubeObject {
  spec?: { nodeName?: string; containers: Array<{ name: string; image: string }> };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }>; podIP?: string };
}

/**
 * @kubeledger/client against the real apiserver process. The apiserver publishes to a stream of
 * this file's own, so the tests can read back what the event log recorded (the traceparent), and
 * serves one read at a time, so that parallel reads meet its overload answer.
 */
describe('@kubeledger/client REST against the real apiserver', () => {
  let bus: TestBus;
  let server: ApiserverProcess;
  let config: ClientConfig;
  let client: KubeClient;

  beforeAll(async () => {
    bus = await createTestBus();
    // One read at a time: parallel reads overflow it and get upstream's 429 with Retry-After.
    // No controller-manager creates the `default` ServiceAccount here: the ServiceAccount admission plugin would refuse pods.
    server = await startApiserver({ KUBELEDGER_STREAM: bus.config.stream, KUBELEDGER_SUBJECT_PREFIX: bus.config.prefix, KUBELEDGER_MAX_REQUESTS_INFLIGHT: '1', KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount' });
    config = { ...loadKubeconfig(server.kubeconfig), userAgent: 'kubeledger-e2e/0.1.0' };
    client = new KubeClient(config);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await bus?.cleanup();
  });

  it('loads the admin kubeconfig the apiserver wrote: its server, CA and client certificate', () => {
    expect(config.server).toBe(server.url);
    expect(config).toMatchObject({ ca: server.tls.ca, cert: server.tls.cert, key: server.tls.key });
  });

  it('creates, gets, lists, updates, patches (merge, json) and deletes a configmap', async () => {
    const created = await client.create<ConfigMap>(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { app: 'web' } }, data: { mode: 'fast' } });
    expect(created.metadata).toMatchObject({ name: 'settings', namespace: 'default', uid: expect.any(String), resourceVersion: expect.stringMatching(/^\d+$/) });

    const got = await client.get<ConfigMap>(CONFIGMAPS, 'default', 'settings');
    expect(got).toMatchObject({ kind: 'ConfigMap', data: { mode: 'fast' }, metadata: { uid: created.metadata?.uid, resourceVersion: created.metadata?.resourceVersion } });

    const listed = await client.list<ConfigMap>(CONFIGMAPS, { namespace: 'default', labelSelector: 'app=web' });
    expect(listed.items.map((i) => i.metadata?.name)).toEqual(['settings']);
    expect(Number(listed.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata?.resourceVersion));
    expect((await client.list(CONFIGMAPS, { namespace: 'default', fieldSelector: 'metadata.name=other' })).items).toEqual([]);

    const updated = await client.update<ConfigMap>(CONFIGMAPS, 'default', { ...got, data: { mode: 'slow' } });
    expect(updated.data).toEqual({ mode: 'slow' });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(got.metadata?.resourceVersion));

    const merged = await client.patch<ConfigMap>(CONFIGMAPS, 'default', 'settings', { data: { mode: 'merged' }, metadata: { labels: { tier: 'gold' } } }, 'merge');
    expect(merged).toMatchObject({ data: { mode: 'merged' }, metadata: { labels: { app: 'web', tier: 'gold' } } });
    const jsonPatched = await client.patch<ConfigMap>(CONFIGMAPS, 'default', 'settings', [{ op: 'test', path: '/data/mode', value: 'merged' }, { op: 'add', path: '/data/extra', value: 'j' }], 'json');
    expect(jsonPatched.data).toEqual({ mode: 'merged', extra: 'j' });

    await client.delete(CONFIGMAPS, 'default', 'settings', { dryRun: true });
    expect((await client.get<ConfigMap>(CONFIGMAPS, 'default', 'settings')).data).toEqual({ mode: 'merged', extra: 'j' });
    const wrongUid = await client.delete(CONFIGMAPS, 'default', 'settings', { preconditions: { uid: 'not-the-uid' } }).catch((e: unknown) => e);
    expect(isConflict(wrongUid)).toBe(true);

    await client.delete(CONFIGMAPS, 'default', 'settings', { preconditions: { uid: created.metadata!.uid! } });
    const missing = await client.get(CONFIGMAPS, 'default', 'settings').catch((e: unknown) => e);
    expect(isApiError(missing) && isNotFound(missing)).toBe(true);
    expect(missing).toMatchObject({ status: 404, reason: 'NotFound', message: 'configmaps "settings" not found', details: { name: 'settings', kind: 'configmaps' } });
    expect((missing as { body: unknown }).body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 });
  });

  it('creates a pod, binds it through pods/binding, updates and patches its status, and deletes it', async () => {
    const pod = await client.create<Pod>(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect(pod.spec?.nodeName).toBeUndefined();

    const bound = await client.createSubresource(PODS, 'default', 'web', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } });
    expect(bound).toMatchObject({ kind: 'Status', status: 'Success' });
    const scheduled = await client.get<Pod>(PODS, 'default', 'web');
    expect(scheduled.spec?.nodeName).toBe('node-1');
    expect(scheduled.status?.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const again = await client.createSubresource(PODS, 'default', 'web', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'node-2' } }).catch((e: unknown) => e);
    expect(isConflict(again)).toBe(true);

    const running = await client.updateStatus<Pod>(PODS, 'default', { ...scheduled, status: { ...scheduled.status, phase: 'Running', podIP: '10.244.1.5' } });
    expect(running.status).toMatchObject({ phase: 'Running', podIP: '10.244.1.5' });
    // The status subresource ignores spec changes; the main resource ignores status changes (upstream's strategies).
    const ignored = await client.update<Pod>(PODS, 'default', { ...running, status: { phase: 'Failed' } });
    expect(ignored.status?.phase).toBe('Running');

    const patched = await client.patch<Pod>(PODS, 'default', 'web', [{ op: 'replace', path: '/status/phase', value: 'Succeeded' }], 'json', { subresource: 'status' });
    expect(patched.status?.phase).toBe('Succeeded');

    await client.delete(PODS, 'default', 'web', { gracePeriodSeconds: 0 });
    await expect(client.get(PODS, 'default', 'web')).rejects.toSatisfy(isNotFound);
  });

  it('lists page by page with limit/continue, and listAll joins the pages at the first page’s revision', async () => {
    await client.create(NAMESPACES, undefined, { metadata: { name: 'paging' } });
    for (let i = 0; i < 7; i++) await client.create(CONFIGMAPS, 'paging', { metadata: { name: `cm-${i}`, labels: { batch: 'x' } } });

    const first = await client.list(CONFIGMAPS, { namespace: 'paging', labelSelector: 'batch=x', limit: 3 });
    expect(first.items.map((i) => i.metadata?.name)).toEqual(['cm-0', 'cm-1', 'cm-2']);
    expect(first.continue).toEqual(expect.any(String));
    // A later page reads the first page's snapshot: an object created in between is not in it.
    await client.create(CONFIGMAPS, 'paging', { metadata: { name: 'cm-late', labels: { batch: 'x' } } });
    const second = await client.list(CONFIGMAPS, { namespace: 'paging', labelSelector: 'batch=x', limit: 3, continue: first.continue! });
    expect(second.items.map((i) => i.metadata?.name)).toEqual(['cm-3', 'cm-4', 'cm-5']);
    const third = await client.list(CONFIGMAPS, { namespace: 'paging', labelSelector: 'batch=x', limit: 3, continue: second.continue! });
    expect(third.items.map((i) => i.metadata?.name)).toEqual(['cm-6']);
    expect(third.continue).toBeUndefined();

    const all = await client.listAll(CONFIGMAPS, { namespace: 'paging', labelSelector: 'batch=x', limit: 2 });
    expect(all.items.map((i) => i.metadata?.name)).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6', 'cm-late']);
    const latest = await client.list(CONFIGMAPS, { namespace: 'paging' });
    expect(all.resourceVersion).toBe(latest.resourceVersion);
    expect(all.continue).toBeUndefined();
  });

  it('a stale write gets a 409 Conflict; retryOnConflict re-reads and wins against a concurrent writer', async () => {
    await client.create(CONFIGMAPS, 'default', { metadata: { name: 'counter' }, data: { mine: '0' } });
    const stale = await client.get<ConfigMap>(CONFIGMAPS, 'default', 'counter');
    await client.patch(CONFIGMAPS, 'default', 'counter', { data: { theirs: '1' } }, 'merge');
    const conflict = await client.update(CONFIGMAPS, 'default', { ...stale, data: { mine: '1' } }).catch((e: unknown) => e);
    expect(isConflict(conflict)).toBe(true);
    expect(conflict).toMatchObject({ status: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on configmaps "counter": the object has been modified; please apply your changes to the latest version and try again' });

    let attempts = 0;
    const result = await retryOnConflict(async () => {
      attempts++;
      const current = await client.get<ConfigMap>(CONFIGMAPS, 'default', 'counter');
      // A concurrent writer slips in between our read and our write, the first time only.
      if (attempts === 1) await client.patch(CONFIGMAPS, 'default', 'counter', { data: { theirs: '2' } }, 'merge');
      return client.update<ConfigMap>(CONFIGMAPS, 'default', { ...current, data: { ...current.data, mine: String(Number(current.data?.['mine']) + 1) } });
    });
    expect(attempts).toBe(2);
    expect(result.data).toEqual({ mine: '1', theirs: '2' });
  });

  it('an invalid object gets a 422 ApiError Invalid with its causes', async () => {
    const err = await client.create(CONFIGMAPS, 'default', { metadata: { name: 'Bad_Name' }, data: { k: 'v' } }).catch((e: unknown) => e);
    expect(isApiError(err) && isInvalid(err)).toBe(true);
    expect(err).toMatchObject({ status: 422, reason: 'Invalid', details: { name: 'Bad_Name', kind: 'ConfigMap' } });
    const causes = (err as { details: { causes: Array<{ field: string; reason: string; message: string }> } }).details.causes;
    expect(causes).toContainEqual(expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueInvalid', message: expect.stringContaining('Invalid value: "Bad_Name"') }));
    expect((err as Error).message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"/);
  });

  it('authenticates with a ServiceAccount token from serviceaccounts/token; RBAC refuses what it may not do with a 403', async () => {
    await client.create(NAMESPACES, undefined, { metadata: { name: 'robots' } });
    await client.create(SERVICEACCOUNTS, 'robots', { metadata: { name: 'reader' } });
    await client.create(ROLES, 'robots', { metadata: { name: 'cm-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] });
    await client.create(ROLEBINDINGS, 'robots', {
      metadata: { name: 'reader-reads' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'robots' }],
    });
    await client.create(CONFIGMAPS, 'robots', { metadata: { name: 'public' }, data: { k: 'v' } });

    const tokenRequest = await client.createSubresource<KubeObject & { status: { token: string; expirationTimestamp: string } }>(SERVICEACCOUNTS, 'robots', 'reader', 'token', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 600 },
    });
    const token = tokenRequest.status.token;
    expect(token.split('.')).toHaveLength(3);

    const robot = new KubeClient({ server: config.server, ca: config.ca, token, userAgent: 'kubeledger-robot/0.1.0' });
    try {
      const review = await robot.create<KubeObject & { status: { userInfo: { username: string; groups: string[] } } }>(SELFSUBJECTREVIEWS, undefined, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      expect(review.status.userInfo).toMatchObject({ username: 'system:serviceaccount:robots:reader', groups: expect.arrayContaining(['system:serviceaccounts', 'system:serviceaccounts:robots']) });
      expect((await robot.get<ConfigMap>(CONFIGMAPS, 'robots', 'public')).data).toEqual({ k: 'v' });
      expect((await robot.list(CONFIGMAPS, { namespace: 'robots' })).items.map((i) => i.metadata?.name)).toContain('public');

      const denied = await robot.create(CONFIGMAPS, 'robots', { metadata: { name: 'mine' } }).catch((e: unknown) => e);
      expect(isApiError(denied) && isForbidden(denied)).toBe(true);
      expect(denied).toMatchObject({
        status: 403,
        reason: 'Forbidden',
        message: 'configmaps is forbidden: User "system:serviceaccount:robots:reader" cannot create resource "configmaps" in API group "" in the namespace "robots"',
      });
      await expect(robot.list(PODS, { namespace: 'default' })).rejects.toSatisfy(isForbidden);
    } finally {
      await robot.close();
    }

    const forged = new KubeClient({ server: config.server, ca: config.ca, token: 'forged-token' });
    try {
      const err = await forged.list(CONFIGMAPS, { namespace: 'robots' }).catch((e: unknown) => e);
      expect(isUnauthorized(err)).toBe(true);
      expect(err).toMatchObject({ status: 401 });
    } finally {
      await forged.close();
    }
  });

  it('sends the traceparent, which the apiserver records on the event and the relay carries on the bus', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const created = await client.create(CONFIGMAPS, 'default', { metadata: { name: 'traced' } }, { traceparent });
    const untraced = await client.patch(CONFIGMAPS, 'default', 'traced', { data: { a: 'b' } }, 'merge');
    const revisions = [Number(created.metadata?.resourceVersion), Number(untraced.metadata?.resourceVersion)];
    await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision >= revisions[1]!, 15_000, `revision ${revisions[1]} on the stream`);
    const messages = await readStreamMessages(bus.conn);
    const [tracedEvent, untracedEvent] = revisions.map((rev) => messages.find((m) => m.revision === rev));
    expect(tracedEvent?.headers[BusHeaders.type]).toBe('ADDED');
    expect(tracedEvent?.headers[BusHeaders.traceparent]).toBe(traceparent);
    expect(tracedEvent?.headers[BusHeaders.actor]).toBe('kubeledger-admin');
    expect(untracedEvent?.headers[BusHeaders.type]).toBe('MODIFIED');
    expect(untracedEvent?.headers[BusHeaders.traceparent]).toBeUndefined();
  });

  it('waits out the apiserver’s 429 Retry-After when its in-flight limit is reached, and every read gets through', async () => {
    const retries: Array<{ status?: number; delayMs: number }> = [];
    // Each round of retries lets at least one read through, so 8 reads need at most 8 rounds (+1 to spare).
    const busy = new KubeClient({ ...config, retries: { steps: 9 } }, { onRetry: (r) => retries.push(r) });
    try {
      const lists = await Promise.all(Array.from({ length: 8 }, () => busy.list(NAMESPACES)));
      for (const list of lists) expect(list.items.map((n) => n.metadata?.name)).toContain('default');
      expect(retries.length).toBeGreaterThan(0);
      for (const r of retries) expect(r).toMatchObject({ status: 429, delayMs: 1000 });
    } finally {
      await busy.close();
    }
  });
});
