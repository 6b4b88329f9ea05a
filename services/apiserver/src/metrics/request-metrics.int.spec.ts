import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { startTelemetry, type Telemetry } from '@kubeledger/telemetry/node';
import { createTestBus, waitUntil } from '@kubeledger/bus/testing';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { startStorage, type Storage } from '../storage/start-storage.js';
import { trackWatch } from './request-metrics.js';
import { parsePrometheusText, sampleValue } from './testing/prometheus-text.js';
import { testAuthentication, type TestAuthentication } from '../testing/test-authentication.js';

describe('request metrics on /metrics', () => {
  let telemetry: Telemetry;
  let database: TestDatabase;
  let bus: Awaited<ReturnType<typeof createTestBus>>;
  let storage: Storage;
  let app: FastifyInstance;
  let auth: TestAuthentication;
  const inject = (options: InjectOptions) => app.inject({ ...options, headers: { ...auth.adminHeaders, ...options.headers } });
  /** Requests with an `x-hold` header wait here (after the hooks that count them) until released. */
  let release: () => void = () => {};
  let held = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    telemetry = startTelemetry();
    database = await createTestDatabase('metrics');
    bus = await createTestBus();
    storage = await startStorage(
      loadConfig({ DATABASE_URL: database.url, NATS_URL: bus.config.servers, KUBELEDGER_STREAM: bus.config.stream, KUBELEDGER_SUBJECT_PREFIX: bus.config.prefix }),
    );
    auth = await testAuthentication();
    app = buildApp({ storage, authentication: auth.options, metricsHandler: telemetry.metricsHandler });
    app.addHook('preHandler', async (request) => {
      if (request.headers['x-hold']) await held;
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

  const scrape = async () => parsePrometheusText((await inject({ url: '/metrics' })).body);
  const configmap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } };
  const cms = '/api/v1/namespaces/default/configmaps';

  it('counts each request by verb, group, version, resource, scope and response code, and times it', async () => {
    expect((await inject({ method: 'POST', url: cms, payload: configmap })).statusCode).toBe(201);
    expect((await inject({ method: 'POST', url: cms, payload: configmap })).statusCode).toBe(409);
    expect((await inject({ url: `${cms}/a` })).statusCode).toBe(200);
    expect((await inject({ url: `${cms}/a` })).statusCode).toBe(200);
    expect((await inject({ url: `${cms}/missing` })).statusCode).toBe(404);
    expect((await inject({ url: `${cms}?dryRun=All&limit=1` })).statusCode).toBe(200);
    expect((await inject({ url: '/apis/apps/v1/deployments' })).statusCode).toBe(200);
    expect((await inject({ method: 'DELETE', url: `${cms}/a` })).statusCode).toBe(200);
    expect((await inject({ url: '/healthz' })).statusCode).toBe(200);

    const samples = await scrape();
    const total = (labels: Record<string, string>) => sampleValue(samples, 'apiserver_request_total', { component: 'apiserver', ...labels });
    const core = { group: '', version: 'v1', resource: 'configmaps', subresource: '' };
    expect(total({ ...core, verb: 'POST', scope: 'resource', code: '201', dry_run: '' })).toBe(1);
    expect(total({ ...core, verb: 'POST', scope: 'resource', code: '409' })).toBe(1);
    expect(total({ ...core, verb: 'GET', scope: 'resource', code: '200' })).toBe(2);
    expect(total({ ...core, verb: 'GET', scope: 'resource', code: '404' })).toBe(1);
    expect(total({ ...core, verb: 'LIST', scope: 'namespace', code: '200', dry_run: 'All' })).toBe(1);
    expect(total({ ...core, verb: 'DELETE', scope: 'resource', code: '200' })).toBe(1);
    expect(total({ group: 'apps', version: 'v1', resource: 'deployments', verb: 'LIST', scope: 'cluster', code: '200' })).toBe(1);
    expect(total({ group: '', resource: '', subresource: '/healthz', verb: 'GET', scope: '', code: '200' })).toBe(1);

    const gets = { ...core, verb: 'GET', scope: 'resource', dry_run: '', component: 'apiserver' };
    expect(sampleValue(samples, 'apiserver_request_duration_seconds_count', gets)).toBe(3);
    expect(sampleValue(samples, 'apiserver_request_duration_seconds_bucket', { ...gets, le: '60' })).toBe(3);
    expect(sampleValue(samples, 'apiserver_request_duration_seconds_sum', gets)).toBeGreaterThan(0);
  });

  it('reports the most requests of each kind in flight since the previous scrape', async () => {
    await scrape(); // starts a new period
    const holding = [1, 2].map(() => inject({ method: 'POST', url: cms, headers: { 'x-hold': '1' }, payload: { ...configmap, metadata: { generateName: 'held-' } } }));
    let samples = await scrape();
    await waitUntil(async () => sampleValue((samples = await scrape()), 'apiserver_current_inflight_requests', { request_kind: 'mutating' }) === 2, 5_000, 'two held writes in flight');
    expect(sampleValue(samples, 'apiserver_current_inflight_requests', { request_kind: 'readOnly' })).toBe(1); // this scrape
    release();
    expect((await Promise.all(holding)).map((r) => r.statusCode)).toEqual([201, 201]);
    held = new Promise((resolve) => (release = resolve));
    await scrape(); // the period that saw them
    expect(sampleValue(await scrape(), 'apiserver_current_inflight_requests', { request_kind: 'mutating' })).toBe(0);
  });

  it('counts open long-running requests, and open watches through trackWatch', async () => {
    const labels = { verb: 'WATCH', group: '', version: 'v1', resource: 'configmaps', subresource: '', scope: 'namespace', component: 'apiserver' };
    const watch = inject({ url: `${cms}?watch=true&timeoutSeconds=1`, headers: { 'x-hold': '1' } });
    await waitUntil(async () => sampleValue(await scrape(), 'apiserver_longrunning_requests', labels) === 1, 5_000, 'the watch to be counted');
    release();
    await watch;
    await waitUntil(async () => sampleValue(await scrape(), 'apiserver_longrunning_requests', labels) === 0, 5_000, 'the watch to end');
    expect(sampleValue(await scrape(), 'apiserver_request_total', { ...labels, code: '200' })).toBe(1);

    const leases = { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' };
    const first = trackWatch(leases);
    trackWatch(leases);
    first();
    first(); // ending twice counts once
    expect(sampleValue(await scrape(), 'apiserver_registered_watchers', leases)).toBe(1);
  });

  it('counts the ServiceAccount tokens it accepts, those used past their warnafter as stale', async () => {
    const sa = (await inject({ method: 'POST', url: '/api/v1/namespaces/default/serviceaccounts', payload: { metadata: { name: 'counted' } } })).json() as { metadata: { uid: string } };
    const tokens = auth.options.serviceAccountTokens;
    const claims = { namespace: 'default', serviceAccount: { name: 'counted', uid: sa.metadata.uid }, audiences: tokens.apiAudiences, expirationSeconds: 365 * 24 * 3600, warnAfterSeconds: 3607 };
    const { token: fresh } = await tokens.issue(claims, new Date());
    const { token: stale } = await tokens.issue(claims, new Date(Date.now() - 2 * 3_600_000));
    const counts = async () => {
      const samples = await scrape();
      return { valid: sampleValue(samples, 'serviceaccount_valid_tokens_total', {}) ?? 0, stale: sampleValue(samples, 'serviceaccount_stale_tokens_total', {}) ?? 0 };
    };
    const before = await counts();
    for (const token of [fresh, stale, stale]) expect((await app.inject({ url: '/version', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/version', headers: { authorization: `Bearer ${fresh}x` } })).statusCode).toBe(401);
    const after = await counts();
    expect({ valid: after.valid - before.valid, stale: after.stale - before.stale }).toEqual({ valid: 1, stale: 2 });
  });
});
