import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createTestBus, waitUntil } from '@kubeledger/bus/testing';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import { issueClientCertificate } from '@kubeledger/pki';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { startStorage, type Storage } from '../storage/start-storage.js';
import { KUBELET_CLIENT_USER } from '../tls/kubelet-client-tls.js';
import { testAuthentication, type TestAuthentication } from './test-authentication.js';

export interface TestApp {
  readonly app: () => FastifyInstance;
  readonly storage: () => Storage;
  /** `http(s)://127.0.0.1:<port>` when the app listens (`listen`), for streaming requests. */
  readonly url: () => string;
  /** The test's credentials: an admin token every helper below sends unless told otherwise, and more users. */
  readonly auth: () => TestAuthentication;
  /** An injected request, as the admin unless `options.headers` carries an Authorization header. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  post(url: string, payload: unknown): Promise<LightMyRequestResponse>;
  /** A merge patch (`application/merge-patch+json`). */
  merge(url: string, patch: unknown): Promise<LightMyRequestResponse>;
  del(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export interface TestAppOptions {
  /** Settings beyond the database and the bus (as environment variables, see config.ts). */
  readonly env?: Record<string, string>;
  /** Listen on a free port too (watch tests read real HTTP streams); 'https' serves TLS with the test CA's certificate. */
  readonly listen?: boolean | 'https';
  /** Reach kubelets (pods/log) with a `kube-apiserver-kubelet-client` certificate of the test CA, verifying theirs against it. */
  readonly kubeletClient?: boolean;
}

/** For one test file: the app (buildApp) on a database and stream of its own, set up before and torn down after its tests. */
export function useTestApp(label: string, options: TestAppOptions = {}): TestApp {
  let database: TestDatabase;
  let bus: Awaited<ReturnType<typeof createTestBus>>;
  let storage: Storage;
  let app: FastifyInstance;
  let auth: TestAuthentication;
  let url = '';
  beforeAll(async () => {
    database = await createTestDatabase(label);
    bus = await createTestBus();
    const config = loadConfig({
      DATABASE_URL: database.url,
      NATS_URL: bus.config.servers,
      KUBELEDGER_STREAM: bus.config.stream,
      KUBELEDGER_SUBJECT_PREFIX: bus.config.prefix,
      // No controller-manager creates the `default` ServiceAccount here: pods would be refused.
      KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount',
      ...options.env,
    });
    storage = await startStorage(config);
    // Events reach watches through the relay: let its thread start and lead first (seconds on a busy machine).
    await waitUntil(() => storage.relay.stats().leader, 60_000, 'the relay to lead');
    auth = await testAuthentication();
    const kubeletClient = options.kubeletClient ? await issueClientCertificate(auth.ca, { user: KUBELET_CLIENT_USER }) : undefined;
    app = buildApp({
      storage,
      authentication: { ...auth.options, tokenExpiration: config.tokenExpiration },
      disabledAdmissionPlugins: config.disabledAdmissionPlugins,
      defaultTolerationSeconds: config.defaultTolerationSeconds,
      ...(options.listen === 'https' && { https: auth.https }),
      ...(kubeletClient && { kubelet: { cert: kubeletClient.certPem, key: kubeletClient.keyPem, ca: auth.ca.certPem } }),
    });
    if (options.listen) url = await app.listen({ host: '127.0.0.1', port: 0 });
    else await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await storage?.close();
    await bus?.cleanup();
    await database?.drop();
  });
  const request = (options: InjectOptions) => app.inject({ ...options, headers: { ...auth.adminHeaders, ...options.headers } });
  return {
    app: () => app,
    storage: () => storage,
    url: () => url,
    auth: () => auth,
    request,
    post: (url, payload) => request({ method: 'POST', url, payload: payload as object }),
    merge: (url, patch) => request({ method: 'PATCH', url, payload: JSON.stringify(patch), headers: { 'content-type': 'application/merge-patch+json' } }),
    del: (url, payload) => request({ method: 'DELETE', url, ...(payload !== undefined && { payload: payload as object }) }),
  };
}
