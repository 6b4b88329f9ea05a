import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { startTelemetry, type Telemetry } from '@kubeledger/telemetry/node';
import { createTestBus, waitUntil } from '@kubeledger/bus/testing';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { startStorage, type Storage } from '../storage/start-storage.js';
import { parsePrometheusText, sampleValue } from '../metrics/testing/prometheus-text.js';
import { testAuthentication, type TestAuthentication } from '../testing/test-authentication.js';

describe('request limits: max in flight, request timeout', () => {
  let telemetry: Telemetry;
  let database: TestDatabase;
  let bus: Awaited<ReturnType<typeof createTestBus>>;
  let storage: Storage;
  let app: FastifyInstance;
  let auth: TestAuthentication;
  const inject = (options: InjectOptions) => app.inject({ ...options, headers: { ...auth.adminHeaders, ...options.headers } });
  /** Requests with an `x-hold` header wait here — counted in flight, before their handler — until released. */
  let release: () => void = () => {};
  let held: Promise<void>;
  const hold = () => (held = new Promise((resolve) => (release = resolve)));
  let arrived = 0;

  beforeAll(async () => {
    telemetry = startTelemetry();
    database = await createTestDatabase('limits');
    bus = await createTestBus();
    const config = loadConfig({
      DATABASE_URL: database.url,
      NATS_URL: bus.config.servers,
      KUBELEDGER_STREAM: bus.config.stream,
      KUBELEDGER_SUBJECT_PREFIX: bus.config.prefix,
      KUBELEDGER_MAX_REQUESTS_INFLIGHT: '1',
      KUBELEDGER_MAX_MUTATING_REQUESTS_INFLIGHT: '1',
      KUBELEDGER_REQUEST_TIMEOUT: '3',
      KUBELEDGER_INFLIGHT_QUEUE_WAIT: '0.3',
    });
    storage = await startStorage(config);
    auth = await testAuthentication();
    app = buildApp({ storage, authentication: auth.options, metricsHandler: telemetry.metricsHandler, limits: config });
    app.addHook('preHandler', async (request) => {
      if (!request.headers['x-hold']) return;
      arrived += 1;
      await held;
    });
    await app.ready();
  });

  afterAll(async () => {
    release();
    await app?.close();
    await storage?.close();
    await telemetry?.shutdown();
    await bus?.cleanup();
    await database?.drop();
  });

  const cms = '/api/v1/namespaces/default/configmaps';
  const configmap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  /** Sends a request that stays in flight until release(); resolves once the server has it, with its response to come. */
  const inFlight = async (options: InjectOptions) => {
    const before = arrived;
    const response = inject({ ...options, headers: { 'x-hold': '1' } });
    await waitUntil(() => arrived > before, 5_000, 'the held request to reach its handler');
    return { response };
  };

  it('answers 429 with Retry-After over the read-only limit; mutating requests, probes and watches are not held back', async () => {
    hold();
    const first = (await inFlight({ url: cms })).response;
    const refused = await inject({ url: `${cms}/x` });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 429,
      reason: 'TooManyRequests', message: 'Too many requests, please try again later.', details: { retryAfterSeconds: 1 },
    });
    expect((await inject({ method: 'POST', url: cms, payload: configmap('while-reads-are-full') })).statusCode).toBe(201);
    expect((await inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await inject({ url: `${cms}?watch=true&timeoutSeconds=1` })).statusCode).toBe(200);
    release();
    expect((await first).statusCode).toBe(200);
    expect((await inject({ url: `${cms}/while-reads-are-full` })).statusCode).toBe(200);
  });

  it('queues a request over the limit for a slot: it is served once the one in flight is done, within the wait', async () => {
    hold();
    const first = (await inFlight({ method: 'POST', url: cms, payload: configmap('holds-the-slot') })).response;
    const queued = inject({ method: 'POST', url: cms, payload: configmap('queued') });
    await new Promise((r) => setTimeout(r, 100)); // it waits in the queue (the limit is 1, the wait 300 ms)
    release();
    expect((await first).statusCode).toBe(201);
    expect((await queued).statusCode).toBe(201);
  });

  it('answers 429 over the mutating limit while reads go on, and counts the refusals in apiserver_request_total', async () => {
    hold();
    const first = (await inFlight({ method: 'POST', url: cms, payload: configmap('first') })).response;
    const refused = await inject({ method: 'POST', url: cms, payload: configmap('second') });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ reason: 'TooManyRequests' });
    expect((await inject({ url: `${cms}/while-reads-are-full` })).statusCode).toBe(200);
    release();
    expect((await first).statusCode).toBe(201);
    expect((await inject({ method: 'POST', url: cms, payload: configmap('second') })).statusCode).toBe(201);

    const samples = parsePrometheusText((await inject({ url: '/metrics' })).body);
    const refusals = (verb: string, scope: string) =>
      sampleValue(samples, 'apiserver_request_total', { verb, resource: 'configmaps', scope, code: '429' });
    expect(refusals('POST', 'resource')).toBe(1);
    expect(refusals('GET', 'resource')).toBe(1);
  });

  it('answers 504 Timeout when the timeout parameter passes, and gives the slot back', async () => {
    hold();
    const started = Date.now();
    const late = await (await inFlight({ method: 'POST', url: `${cms}?timeout=300ms`, payload: configmap('late') })).response;
    expect(late.statusCode).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_500); // the parameter, not the 3 s default
    expect(late.json()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 504,
      reason: 'Timeout', message: 'Timeout: request did not complete within requested timeout - context deadline exceeded', details: {},
    });
    expect((await inject({ method: 'POST', url: cms, payload: configmap('next') })).statusCode).toBe(201);
    release();
  });

  it('answers 504 after the configured request timeout when no parameter asks for less', async () => {
    hold();
    const started = Date.now();
    const response = await (await inFlight({ url: `${cms}?timeout=10m` })).response;
    expect(response.statusCode).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    release();
  });

  it('answers a malformed timeout parameter with 400, as upstream', async () => {
    const response = await inject({ url: `${cms}?timeout=soon` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ reason: 'BadRequest', message: 'invalid timeout specified in the request URL - time: invalid duration "soon"' });
  });
});
