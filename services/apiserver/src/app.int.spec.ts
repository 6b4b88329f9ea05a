import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '@kubeledger/telemetry/node';
import { createTestBus } from '@kubeledger/bus/testing';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { startStorage, type Storage } from './storage/start-storage.js';
import { waitUntil } from './storage/testing/pipeline-harness.js';
import { testAuthentication, type TestAuthentication } from './testing/test-authentication.js';

describe('apiserver process surface', () => {
  let telemetry: Telemetry;
  let database: TestDatabase;
  let bus: Awaited<ReturnType<typeof createTestBus>>;
  let storage: Storage;
  let app: FastifyInstance;
  let auth: TestAuthentication;
  const inject = (options: InjectOptions) => app.inject({ ...options, headers: { ...auth.adminHeaders, ...options.headers } });

  beforeAll(async () => {
    telemetry = startTelemetry(); // before the relay creates its instruments
    database = await createTestDatabase('app');
    bus = await createTestBus();
    const config = loadConfig({
      DATABASE_URL: database.url,
      NATS_URL: bus.config.servers,
      KUBELEDGER_STREAM: bus.config.stream,
      KUBELEDGER_SUBJECT_PREFIX: bus.config.prefix,
    });
    storage = await startStorage(config);
    auth = await testAuthentication();
    app = buildApp({ storage, authentication: auth.options, metricsHandler: telemetry.metricsHandler });
  });

  afterAll(async () => {
    await app?.close();
    await storage?.close();
    await telemetry?.shutdown();
    await bus?.cleanup();
    await database?.drop();
  });

  it('is ready once storage answers', async () => {
    expect((await inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await inject({ url: '/livez' })).body).toBe('ok');
  });

  it('exposes the relay publish lag and position as metrics', async () => {
    const ctx = { actor: { user: 'test' } };
    for (let i = 0; i < 5; i++) {
      await storage.store.create({ ref: { group: '', resource: 'configmaps', namespace: 'default', name: `cm-${i}` }, object: { metadata: { name: `cm-${i}`, uid: crypto.randomUUID() } } }, ctx);
    }
    const head = await storage.store.currentRevision(); // the system namespaces, then these 5
    await waitUntil(() => storage.relay.stats().publishedRevision >= head, 10_000, 'the relay to publish');
    const body = (await inject({ url: '/metrics' })).body;
    expect(body).toMatch(/^kubeledger_relay_lag\S* 0$/m);
    expect(body).toMatch(new RegExp(`^kubeledger_relay_published_revision\\S* ${head}$`, 'm'));
    expect(body).toMatch(new RegExp(`^kubeledger_relay_publish_latency_seconds_count\\S* ${head}$`, 'm'));
  });

  it('refuses a configuration it cannot use, saying what is wrong', () => {
    let message = '';
    try {
      loadConfig({ KUBELEDGER_PORT: 'http', KUBELEDGER_SUBJECT_PREFIX: 'a.b' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/KUBELEDGER_PORT: .*number/);
    expect(message).toMatch(/KUBELEDGER_SUBJECT_PREFIX: one subject token/);
  });
});
