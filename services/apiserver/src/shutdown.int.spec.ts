import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestBus, waitUntil } from '@kubeledger/bus/testing';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { startStorage, type Storage } from './storage/start-storage.js';
import { testAuthentication, type TestAuthentication } from './testing/test-authentication.js';

/** GETs `url` over a new connection: resolves with what the server sent, once the response has ended (or fails if it was cut off). */
function get(url: string, headers: Record<string, string>, onData?: (text: string) => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          onData?.(body);
        });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('graceful shutdown: app.close()', () => {
  let database: TestDatabase;
  let bus: Awaited<ReturnType<typeof createTestBus>>;
  let storage: Storage;
  let app: FastifyInstance;
  let auth: TestAuthentication;
  let base = '';
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived = false;

  beforeAll(async () => {
    database = await createTestDatabase('shutdown');
    bus = await createTestBus();
    storage = await startStorage(
      loadConfig({ DATABASE_URL: database.url, NATS_URL: bus.config.servers, KUBELEDGER_STREAM: bus.config.stream, KUBELEDGER_SUBJECT_PREFIX: bus.config.prefix }),
    );
    auth = await testAuthentication();
    app = buildApp({ storage, authentication: auth.options });
    // A long-running stream that ends when told to, as a watch does.
    app.get('/test/stream', (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write('started\n');
      const unregister = app.shutdown.onShutdown(() => reply.raw.end('stopping\n'));
      reply.raw.on('close', unregister);
    });
    app.addHook('preHandler', async (request) => {
      if (!request.headers['x-hold']) return;
      arrived = true;
      await held;
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    release();
    await app?.close();
    await storage?.close();
    await bus?.cleanup();
    await database?.drop();
  });

  it('ends long-running streams cleanly, lets requests in flight finish, and takes no new connections', async () => {
    let streaming = false;
    const stream = get(`${base}/test/stream`, auth.adminHeaders, (body) => (streaming = body.startsWith('started')));
    const ordinary = new Promise<{ status: number }>((resolve, reject) =>
      http.get(`${base}/api/v1/namespaces/default`, { agent: false, headers: { ...auth.adminHeaders, 'x-hold': '1' } }, (res) => res.resume().on('end', () => resolve({ status: res.statusCode! }))).on('error', reject),
    );
    await waitUntil(() => streaming && arrived, 5_000, 'the stream to start and the ordinary request to arrive');
    expect(app.shutdown.stopping).toBe(false);

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    expect(await stream).toEqual({ status: 200, body: 'started\nstopping\n' });
    expect(app.shutdown.stopping).toBe(true);
    await expect(get(`${base}/healthz`, auth.adminHeaders)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false); // still waiting for the request in flight

    release();
    expect((await ordinary).status).toBe(200);
    await closing;
    expect(closed).toBe(true);
  });

  it('runs a listener registered after shutdown started at once', () => {
    let ran = false;
    app.shutdown.onShutdown(() => (ran = true));
    expect(ran).toBe(true);
  });
});
