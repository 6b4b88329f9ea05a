import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, trace, TraceFlags, type Context, type ContextManager } from '@opentelemetry/api';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFound } from '@kubeledger/api';
import { isApiError, isNotFound } from './api-error.js';
import { KubeClient } from './kube-client.js';
import { CONFIGMAPS, NODES, PODS, SERVICEACCOUNTS } from './resource-ref.js';
import type { TransportDeps } from './rest-transport.js';
import { isTransportError } from './transport-error.js';

const ORIGIN = 'https://apiserver.test:6443';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** An apiserver stand-in (undici MockAgent): records every request, answers from `replies` in turn (then 200 {}). */
function fakeServer(...replies: Reply[]) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: Seen[] = [];
  const pool = agent.get(ORIGIN);
  const next = () => replies.shift() ?? { status: 200, body: {} };
  for (let i = 0; i < 20; i++) {
    const reply = next();
    const interceptor = pool.intercept({ path: () => true, method: () => true });
    const record = (opts: { method: string; path: string; headers?: unknown; body?: unknown }): void => {
      const text = typeof opts.body === 'string' ? opts.body : undefined;
      seen.push({ method: opts.method, path: opts.path, headers: Object.fromEntries(Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])), body: text && JSON.parse(text) });
    };
    if (reply instanceof Error) {
      interceptor.replyWithError(reply);
    } else {
      interceptor.reply((opts) => {
        record(opts);
        return { statusCode: reply.status, data: reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body), responseOptions: { headers: { 'content-type': 'application/json', ...reply.headers } } };
      });
    }
  }
  const waits: number[] = [];
  const deps: TransportDeps = { dispatcher: agent, sleep: async (ms) => void waits.push(ms), random: () => 0 };
  return { seen, waits, deps, client: (config: Partial<ConstructorParameters<typeof KubeClient>[0]> = {}) => new KubeClient({ server: ORIGIN, ca: 'unused', ...config }, deps) };
}

describe('KubeClient requests', () => {
  it('gets an object: path, Accept, User-Agent, no Authorization without a token', async () => {
    const server = fakeServer({ status: 200, body: { kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } } });
    const got = await server.client({ userAgent: 'kubeledger-scheduler/0.1.0' }).get(CONFIGMAPS, 'default', 'c');
    expect(got).toEqual({ kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    expect(server.seen[0]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/c' });
    expect(server.seen[0]!.headers).toMatchObject({ accept: 'application/json', 'user-agent': 'kubeledger-scheduler/0.1.0' });
    expect(server.seen[0]!.headers['authorization']).toBeUndefined();
    expect(server.seen[0]!.headers['traceparent']).toBeUndefined();
  });

  it('sends the bearer token, and puts the server URL’s path in front', async () => {
    const server = fakeServer();
    await server.client({ server: `${ORIGIN}/k8s/`, token: 'sekret' }).get(NODES, undefined, 'n1');
    expect(server.seen[0]).toMatchObject({ path: '/k8s/api/v1/nodes/n1', headers: { authorization: 'Bearer sekret', 'user-agent': 'kubeledger-client/0.1.0' } });
  });

  it('lists with the options in the query, and reads items, revision and continue', async () => {
    const server = fakeServer({ status: 200, body: { kind: 'PodList', metadata: { resourceVersion: '12', continue: 'tok', remainingItemCount: 3 }, items: [{ metadata: { name: 'a' } }] } });
    const page = await server.client().list(PODS, { namespace: 'ns', labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1', limit: 1, resourceVersion: '0', resourceVersionMatch: 'NotOlderThan' });
    expect(page).toEqual({ items: [{ metadata: { name: 'a' } }], resourceVersion: '12', continue: 'tok', remainingItemCount: 3 });
    expect(server.seen[0]!.path).toBe('/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1&limit=1&resourceVersion=0&resourceVersionMatch=NotOlderThan');
  });

  it('lists every namespace without one, and a null items as none', async () => {
    const server = fakeServer({ status: 200, body: { metadata: { resourceVersion: '3' }, items: null } });
    expect(await server.client().list(PODS)).toEqual({ items: [], resourceVersion: '3' });
    expect(server.seen[0]!.path).toBe('/api/v1/pods');
  });

  it('writes JSON with the write options; patches with the patch content types', async () => {
    const server = fakeServer();
    const client = server.client();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', resourceVersion: '5' }, data: { a: 'b' } };
    await client.create(CONFIGMAPS, 'ns', cm, { fieldManager: 'me', dryRun: true, fieldValidation: 'Strict' });
    await client.update(CONFIGMAPS, 'ns', cm);
    await client.updateStatus(PODS, 'ns', { metadata: { name: 'p' }, status: { phase: 'Running' } });
    await client.patch(CONFIGMAPS, 'ns', 'c', { data: { a: null } }, 'merge');
    await client.patch(PODS, 'ns', 'p', [{ op: 'replace', path: '/status/phase', value: 'Failed' }], 'json', { subresource: 'status' });
    await client.createSubresource(SERVICEACCOUNTS, 'ns', 'robot', 'token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    expect(server.seen.map((s) => [s.method, s.path, s.headers['content-type']])).toEqual([
      ['POST', '/api/v1/namespaces/ns/configmaps?dryRun=All&fieldManager=me&fieldValidation=Strict', 'application/json'],
      ['PUT', '/api/v1/namespaces/ns/configmaps/c', 'application/json'],
      ['PUT', '/api/v1/namespaces/ns/pods/p/status', 'application/json'],
      ['PATCH', '/api/v1/namespaces/ns/configmaps/c', 'application/merge-patch+json'],
      ['PATCH', '/api/v1/namespaces/ns/pods/p/status', 'application/json-patch+json'],
      ['POST', '/api/v1/namespaces/ns/serviceaccounts/robot/token', 'application/json'],
    ]);
    expect(server.seen[0]!.body).toEqual(cm);
    expect(server.seen[3]!.body).toEqual({ data: { a: null } });
  });

  it('deletes with DeleteOptions in the body when there are any', async () => {
    const server = fakeServer({ status: 200, body: { kind: 'Status', status: 'Success' } }, { status: 202, body: { metadata: { name: 'p' } } });
    const client = server.client();
    await expect(client.delete(CONFIGMAPS, 'ns', 'c')).resolves.toBeUndefined();
    await client.delete(PODS, 'ns', 'p', { gracePeriodSeconds: 0, preconditions: { uid: 'u1' }, propagationPolicy: 'Foreground', dryRun: true });
    expect(server.seen[0]).toMatchObject({ method: 'DELETE', path: '/api/v1/namespaces/ns/configmaps/c', body: undefined });
    expect(server.seen[1]!.body).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: 'u1' }, propagationPolicy: 'Foreground', dryRun: ['All'] });
  });

  it('refuses caller mistakes before sending', async () => {
    const server = fakeServer();
    const client = server.client();
    await expect(client.get(PODS, undefined, 'p')).rejects.toThrow(/namespace is required/);
    await expect(client.update(PODS, 'ns', { metadata: {} })).rejects.toThrow(/no metadata.name/);
    await expect(client.patch(PODS, 'ns', 'p', { not: 'a list' }, 'json')).rejects.toThrow(/list of operations/);
    await expect(client.list(NODES, { namespace: 'ns' })).rejects.toThrow(/cluster-scoped/);
    await expect(client.request('GET', 'api/v1')).rejects.toThrow(/starts with "\/"/);
    await expect(client.get(PODS, 'ns', 'p', { traceparent: 'nope' })).rejects.toThrow(/not a W3C traceparent/);
    expect(server.seen).toHaveLength(0);
  });

  it('turns a refusal into an ApiError with the server’s Status', async () => {
    const status = notFound({ group: '', resource: 'pods' }, 'p').status;
    const server = fakeServer({ status: 404, body: status });
    const err = await server.client().get(PODS, 'ns', 'p').catch((e: unknown) => e);
    expect(isApiError(err) && isNotFound(err)).toBe(true);
    expect(err).toMatchObject({ status: 404, reason: 'NotFound', message: 'pods "p" not found', body: status, request: 'GET /api/v1/namespaces/ns/pods/p' });
  });

  it('retries a GET on 503 and on 429 with Retry-After, with the injected sleep', async () => {
    const server = fakeServer({ status: 503, body: 'down' }, { status: 429, body: { kind: 'Status', code: 429 }, headers: { 'retry-after': '2' } }, { status: 200, body: { metadata: { name: 'p' } } });
    await expect(server.client().get(PODS, 'ns', 'p')).resolves.toEqual({ metadata: { name: 'p' } });
    expect(server.seen).toHaveLength(3);
    expect(server.waits).toEqual([200, 2000]);
  });

  it('answers the last refusal when the retries run out, and retries nothing when told', async () => {
    const busy = { status: 429, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'too many requests' }, headers: { 'retry-after': '1' } };
    const server = fakeServer(busy, busy, busy);
    await expect(server.client({ retries: { steps: 3 } }).get(PODS, 'ns', 'p')).rejects.toMatchObject({ reason: 'TooManyRequests', retryAfterSeconds: 1 });
    expect(server.waits).toEqual([1000, 1000]);
    const once = fakeServer(busy);
    await expect(once.client({ retries: { steps: 1 } }).get(PODS, 'ns', 'p')).rejects.toMatchObject({ status: 429 });
    expect(once.seen).toHaveLength(1);
  });

  it('does not retry a create after a 503 (it may have been stored), but does after a 429 with Retry-After', async () => {
    const unavailable = fakeServer({ status: 503, body: '' });
    await expect(unavailable.client().create(CONFIGMAPS, 'ns', { metadata: { name: 'c' } })).rejects.toMatchObject({ status: 503, reason: 'ServiceUnavailable' });
    expect(unavailable.seen).toHaveLength(1);
    const limited = fakeServer({ status: 429, body: '', headers: { 'retry-after': '1' } }, { status: 201, body: { metadata: { name: 'c' } } });
    await expect(limited.client().create(CONFIGMAPS, 'ns', { metadata: { name: 'c' } })).resolves.toEqual({ metadata: { name: 'c' } });
    expect(limited.seen).toHaveLength(2);
  });

  it('retries a GET whose connection was reset, and wraps a lasting failure in a TransportError', async () => {
    const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const server = fakeServer(reset(), { status: 200, body: {} });
    await expect(server.client().get(PODS, 'ns', 'p')).resolves.toEqual({});
    const broken = fakeServer(reset(), reset());
    const err = await broken.client({ retries: { steps: 2 } }).get(PODS, 'ns', 'p').catch((e: unknown) => e);
    expect(isTransportError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'ECONNRESET', attempts: 2, message: `GET ${ORIGIN}/api/v1/namespaces/ns/pods/p: read ECONNRESET (after 2 attempts)` });
  });

  it('returns any answer from the escape hatch, raw', async () => {
    const server = fakeServer({ status: 404, body: 'no such thing' }, { status: 200, body: 'log line\n', headers: { 'content-type': 'text/plain' } });
    const client = server.client();
    expect(await client.request('GET', '/nowhere')).toMatchObject({ status: 404, body: 'no such thing' });
    const log = await client.request('get', '/api/v1/namespaces/ns/pods/p/log?container=c', undefined, { accept: 'text/plain' });
    expect(log).toMatchObject({ status: 200, body: 'log line\n', headers: { 'content-type': 'text/plain' } });
    expect(server.seen[1]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/ns/pods/p/log?container=c', headers: { accept: 'text/plain' } });
    await client.request('POST', '/apis/x', { a: 1 });
    expect(server.seen[2]).toMatchObject({ body: { a: 1 }, headers: { 'content-type': 'application/json' } });
    await client.request('POST', '/api/v1/namespaces/ns/configmaps', '{"kind":"ConfigMap"}', { 'Content-Type': 'application/yaml', 'Impersonate-User': 'bob' });
    expect(server.seen[3]!.headers).toMatchObject({ 'content-type': 'application/yaml', 'impersonate-user': 'bob' });
  });

  it('reads JSON from any path with requestJson: the answer parsed, an error Status thrown as ApiError', async () => {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' };
    const server = fakeServer({ status: 200, body: { groups: [] } }, { status: 200, body: '' }, { status: 404, body: status });
    const client = server.client();
    expect(await client.requestJson('GET', '/apis')).toEqual({ groups: [] });
    expect(await client.requestJson('put', '/api/v1/namespaces/x/finalize', { metadata: { name: 'x' } })).toEqual({});
    expect(server.seen[1]).toMatchObject({ method: 'PUT', body: { metadata: { name: 'x' } }, headers: { 'content-type': 'application/json' } });
    await expect(client.requestJson('GET', '/apis/nope/v1')).rejects.toMatchObject({ status: 404, reason: 'NotFound', request: 'GET /apis/nope/v1' });
    await expect(client.requestJson('GET', 'apis')).rejects.toThrow(/starts with "\/"/);
  });
});

/** A context manager on AsyncLocalStorage, so `context.with` makes a span active (what the OTel SDK registers). */
class AsyncLocalContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.#storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#storage.disable();
    return this;
  }
}

describe('KubeClient trace propagation', () => {
  beforeAll(() => void context.setGlobalContextManager(new AsyncLocalContextManager()));
  afterAll(() => context.disable());

  const span = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };

  it('sends the active span’s traceparent', async () => {
    const server = fakeServer();
    const client = server.client();
    await context.with(trace.setSpanContext(ROOT_CONTEXT, span), () => client.get(PODS, 'ns', 'p'));
    expect(server.seen[0]!.headers['traceparent']).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    await client.get(PODS, 'ns', 'p');
    expect(server.seen[1]!.headers['traceparent']).toBeUndefined();
  });

  it('sends the call’s traceparent instead, on every attempt', async () => {
    const server = fakeServer({ status: 503, body: '' });
    const explicit = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await context.with(trace.setSpanContext(ROOT_CONTEXT, span), () => server.client().get(PODS, 'ns', 'p', { traceparent: explicit }));
    expect(server.seen.map((s) => s.headers['traceparent'])).toEqual([explicit, explicit]);
  });
});
