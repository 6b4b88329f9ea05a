import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KubeletUser } from './authenticate-request.js';
import { forbiddenMessage, requestAttributes, type AccessReviewer } from './authorize-request.js';
import { serveContainerLogs, type ContainerLogsDeps } from './container-logs.js';
import { plainText } from './plain-text.js';

export interface KubeletServerOptions {
  readonly host: string;
  /** 0: any free port (see KubeletServer.port). */
  readonly port: number;
  /** The serving certificate and key (PEM). */
  readonly tls: { readonly cert: string; readonly key: string };
  /** Client certificates are verified against this CA (the cluster CA of the kubelet's kubeconfig). */
  readonly clientCa: string;
  readonly nodeName: string;
  authenticate(request: IncomingMessage): Promise<KubeletUser | undefined>;
  readonly authorize: AccessReviewer;
  readonly logs: ContainerLogsDeps;
  readonly log: (message: string) => void;
}

export interface KubeletServer {
  /** The port it listens on. */
  readonly port: number;
  /** Ends the log streams, closes the connections and stops listening. */
  close(): Promise<void>;
}

const CONTAINER_LOGS = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/;

/**
 * The kubelet's HTTPS server (upstream's pkg/kubelet/server), serving container logs for the
 * apiserver to proxy: every request authenticated (kubeletAuthenticator: 401 `Unauthorized`) and
 * authorized as a verb on this node's `nodes/proxy` (or stats, metrics, log) subresource by a
 * SubjectAccessReview (403 `Forbidden (user=…, verb=…, resource=…, subresource=…)`), then
 * `GET /containerLogs/<namespace>/<pod>/<container>`; any other path is a 404.
 */
export async function startKubeletServer(options: KubeletServerOptions): Promise<KubeletServer> {
  const streams = new Set<AbortController>();
  const handle = async (request: IncomingMessage, response: ServerResponse, signal: AbortSignal) => {
    const user = await options.authenticate(request);
    if (!user) return plainText(response, 401, 'Unauthorized');
    const url = new URL(request.url ?? '/', 'https://kubelet');
    const attributes = requestAttributes(options.nodeName, request.method ?? '', url.pathname);
    let decision;
    try {
      decision = await options.authorize(user, attributes);
    } catch (err) {
      options.log(`authorization of ${request.method} ${url.pathname} for ${user.name} failed: ${(err as Error).message}`);
      return plainText(response, 500, forbiddenMessage(user, attributes, true));
    }
    if (!decision.allowed) return plainText(response, 403, forbiddenMessage(user, attributes));
    const match = CONTAINER_LOGS.exec(url.pathname);
    if (!match) return plainText(response, 404, '404: Page Not Found');
    if (request.method !== 'GET') return plainText(response, 405, '405: Method Not Allowed');
    const [namespace, pod, container] = match.slice(1).map(decodeURIComponent) as [string, string, string];
    await serveContainerLogs(options.logs, { namespace, pod, container, query: url.searchParams }, response, signal);
  };
  const server = createServer({ cert: options.tls.cert, key: options.tls.key, ca: options.clientCa, requestCert: true, rejectUnauthorized: false }, (request, response) => {
    const stream = new AbortController();
    streams.add(stream);
    response.once('close', () => {
      stream.abort();
      streams.delete(stream);
    });
    handle(request, response, stream.signal).catch((err: unknown) => {
      options.log(`${request.method} ${request.url}: ${(err as Error).message}`);
      if (!response.headersSent) plainText(response, err instanceof URIError ? 400 : 500, (err as Error).message);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const stream of streams) stream.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
