import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { objectKey, pathNotFound } from '@kubeledger/api';
import { registerDiscoveryRoutes } from './discovery/discovery-routes.js';
import { registerResourceRoutes } from './handlers/resource-routes.js';
import { serializeJson } from './handlers/json-output.js';
import { registerHistoryRoutes } from './handlers/history.js';
import { loadOpenApiDocuments } from './openapi/openapi-documents.js';
import { registerOpenApiRoutes } from './openapi/openapi-routes.js';
import { renderError } from './handlers/render-error.js';
import { registerBodyParsers } from './request/body-parsers.js';
import { Registry, type RegistryOptions } from './registry/registry.js';
import type { DefaultTolerationSettings } from './admission/default-toleration-seconds/default-toleration-seconds.js';
import { admissionChain } from './admission/plugins.js';
import { bootstrapNamespaces } from './bootstrap/bootstrap-namespaces.js';
import { bootstrapRbac } from './bootstrap/bootstrap-rbac.js';
import { startKubernetesServiceReconciler } from './bootstrap/kubernetes-service.js';
import { RESOURCES } from './registry/resources.js';
import type { Storage } from './storage/start-storage.js';
import { registerRequestMetrics } from './metrics/request-metrics.js';
import { registerRequestSpans } from './tracing/register-request-spans.js';
import { DEFAULT_REQUEST_LIMITS, registerRequestLimits, type RequestLimits } from './limits/request-limits.js';
import { registerShutdown } from './shutdown.js';
import { authenticationChain, staticTokenAuthenticator } from './authentication/authenticate-request.js';
import { registerAuthentication } from './authentication/register-authentication.js';
import { registerImpersonation } from './authentication/impersonation.js';
import type { ServiceAccountTokens } from './authentication/service-account-tokens.js';
import { objectReader, tokenObjects } from './authentication/token-objects.js';
import type { UserInfo } from './authentication/user-info.js';
import { x509Authenticator } from './authentication/x509-authenticator.js';
import { unionAuthorizer } from './authorization/authorizer.js';
import { RbacAuthorizer } from './authorization/rbac/rbac-authorizer.js';
import { cacheNodeGraph } from './authorization/node/cache-node-graph.js';
import { nodeAuthorizer } from './authorization/node/node-authorizer.js';
import { startRbacIndex } from './authorization/rbac-index.js';
import { registerAuthorization } from './authorization/register-authorization.js';
import type { ReviewDeps } from './handlers/reviews/review-deps.js';
import { DEFAULT_TOKEN_EXPIRATION_SETTINGS, type TokenExpirationSettings } from './handlers/reviews/token-expiration.js';
import { kubeletClient, type KubeletClientOptions } from './kubelet/kubelet-client.js';

export interface AppDeps {
  readonly storage: Storage;
  /** Serves /metrics (the Prometheus exposition of every OpenTelemetry metric). */
  readonly metricsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** In-flight limits and the request timeout (upstream's defaults when unset). */
  readonly limits?: RequestLimits;
  /** --min-request-timeout: how long a watch without timeoutSeconds lasts (upstream's 1800 s when unset). */
  readonly minRequestTimeoutSeconds?: number;
  /** Service networking: --service-cluster-ip-range and --service-node-port-range (upstream-like defaults when unset). */
  readonly services?: RegistryOptions;
  readonly authentication: AuthenticationOptions;
  /** Serve HTTPS with this certificate, asking clients for certificates signed by `ca` (main.ts always does; in-process tests may not). */
  readonly https?: { readonly cert: string; readonly key: string; readonly ca: string };
  /** How `pods/log` reaches kubelets: the client certificate to present, the CA to verify them with (none, no certificate and no verification, when unset). */
  readonly kubelet?: KubeletClientOptions;
  /** Admission plugins not to run (--disable-admission-plugins; none when unset). */
  readonly disabledAdmissionPlugins?: readonly string[];
  /** DefaultTolerationSeconds' settings (upstream's 300 s each when unset). */
  readonly defaultTolerationSeconds?: DefaultTolerationSettings;
}

export interface AuthenticationOptions {
  /** Signs and checks ServiceAccount tokens (the cluster's ServiceAccount key). */
  readonly serviceAccountTokens: ServiceAccountTokens;
  /** Bearer tokens of the static token file (--token-auth-file). */
  readonly staticTokens?: ReadonlyMap<string, UserInfo>;
  /** Requests without credentials are system:anonymous (upstream's default); false makes them 401. */
  readonly anonymous?: boolean;
  /** TokenRequest's max expiration and extension (upstream's defaults when unset: no max, extending). */
  readonly tokenExpiration?: TokenExpirationSettings;
}

/**
 * The front end. Every request goes through, in upstream's order: metrics → authentication →
 * impersonation → in-flight limits → authorization → body decoding → the handler (admission and
 * validation inside it) — then health, metrics, /version, discovery, OpenAPI and the resource verbs.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  // 3 MiB, as upstream's request body limit.
  // Errors Fastify finds before routing (a URL that does not decode) are rendered as Status too.
  const app = Fastify({
    logger: false,
    bodyLimit: 3 * 1024 * 1024,
    frameworkErrors: (err, request, reply) => renderError(err, request, reply),
    // Client certificates are asked for, not required: the x509 authenticator reads the verdict.
    ...(deps.https && { https: { ...deps.https, requestCert: true, rejectUnauthorized: false } }),
  }) as unknown as FastifyInstance;
  const { watchCache, store } = deps.storage;
  const rbac = new RbacAuthorizer();
  const authorizer = unionAuthorizer([nodeAuthorizer(cacheNodeGraph(watchCache)), rbac]); // upstream's order: Node, RBAC
  const registry = new Registry(store, RESOURCES, { ...deps.services, escalation: { authorizer, rules: rbac }, cached: (ref) => watchCache.get(objectKey(ref)) });
  const read = objectReader(watchCache, registry);
  const objects = tokenObjects(read);
  const { serviceAccountTokens, staticTokens = new Map(), anonymous = true } = deps.authentication;
  const tokens = [staticTokenAuthenticator(staticTokens), serviceAccountTokens.authenticator(objects)];

  app.setErrorHandler(renderError);
  app.setReplySerializer(serializeJson); // Go's escapes (`<` as \u003c …), as upstream's JSON serializer writes
  app.removeContentTypeParser('text/plain'); // only the media types the API decodes; others get 415
  registerBodyParsers(app); // protobuf and YAML bodies decode to the objects JSON bodies are
  registerShutdown(app); // app.shutdown: fired first when the app closes, for long-running requests
  registerRequestMetrics(app, RESOURCES); // first, so that refused requests (401, 403, 429) are counted
  registerRequestSpans(app); // the request's span named after the verb and resource
  registerAuthentication(app, authenticationChain({ certificates: x509Authenticator(), tokens, anonymous }));
  registerImpersonation(app, authorizer);
  registerRequestLimits(app, deps.limits ?? DEFAULT_REQUEST_LIMITS);
  // A refusal by what the cache shows is asked again once the cache has what the log has (at most 1 s later).
  registerAuthorization(app, authorizer, async () => {
    const head = await store.currentRevision().catch(() => 0);
    await watchCache.waitFor(head, 1000);
  });
  const ok = async () => 'ok';
  app.get('/healthz', ok);
  app.get('/livez', ok);
  app.get('/readyz', async (_request, reply) => {
    try {
      await deps.storage.store.currentRevision();
      return 'ok';
    } catch (err) {
      return reply.code(503).send(`storage not ready: ${(err as Error).message}`);
    }
  });
  app.get('/metrics', async (request, reply) => {
    if (!deps.metricsHandler) return reply.code(404).send('metrics are not enabled');
    reply.hijack();
    deps.metricsHandler(request.raw, reply.raw);
  });
  registerDiscoveryRoutes(app, RESOURCES);
  registerOpenApiRoutes(app, loadOpenApiDocuments(RESOURCES));
  const reviews: ReviewDeps = {
    authorizer,
    rulesFor: (user, namespace) => rbac.rulesFor(user, namespace),
    async authenticateToken(token, audiences) {
      const fromFile = staticTokens.get(token);
      if (fromFile) return audiences.some((a) => serviceAccountTokens.apiAudiences.includes(a)) ? { ...fromFile, groups: [...fromFile.groups, 'system:authenticated'] } : undefined;
      return serviceAccountTokens.verify(token, objects, audiences);
    },
    serviceAccountTokens,
    tokenExpiration: deps.authentication.tokenExpiration ?? DEFAULT_TOKEN_EXPIRATION_SETTINGS,
    read,
  };
  const watch = { cache: watchCache, minRequestTimeoutSeconds: deps.minRequestTimeoutSeconds ?? 1800 };
  registerResourceRoutes(app, registry, admissionChain(registry, watchCache, deps.disabledAdmissionPlugins, deps.defaultTolerationSeconds), watch, reviews, kubeletClient(deps.kubelet));
  registerHistoryRoutes(app, registry); // GET /kubeledger/history/<object path>, authorized as a GET of the object
  let stopRbacIndex = () => {};
  app.addHook('onReady', async () => {
    stopRbacIndex = await startRbacIndex(watchCache, rbac);
    await bootstrapNamespaces(registry);
    await bootstrapRbac(registry);
  });
  // The `kubernetes` Service points at the port this replica serves on, known once it listens.
  let stopKubernetesService = () => {};
  app.addHook('onListen', async function () {
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    stopKubernetesService = startKubernetesServiceReconciler(registry, port, (message) => console.error(`[apiserver] ${message}`));
  });
  app.addHook('onClose', async () => {
    stopKubernetesService();
    stopRbacIndex();
  });
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send(pathNotFound().status));
  return app;
}
