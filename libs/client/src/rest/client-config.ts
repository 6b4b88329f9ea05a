import type { Backoff } from './backoff.js';

/** How requests are retried: a {@link Backoff} (`steps` attempts in all); see retry-decision.ts for which. */
export type RetryPolicy = Backoff;

/** Where the apiserver is and who the client is (what a kubeconfig context holds; {@link loadKubeconfig}). */
export interface ClientConfig {
  /** `https://host:port`, optionally with a path prefix. */
  readonly server: string;
  /** The CA the server's certificate is verified with (PEM). */
  readonly ca: string;
  /** A client certificate and its key (PEM): x509 authentication. */
  readonly cert?: string;
  readonly key?: string;
  /** A bearer token (static or a ServiceAccount's). */
  readonly token?: string;
  /** A file holding the bearer token, re-read at most once a minute (a projected ServiceAccount token rotates); wins over `token`. */
  readonly tokenFile?: string;
  /** The name the server's certificate is checked against, when it is not the host in `server` (kubeconfig `tls-server-name`). */
  readonly tlsServerName?: string;
  /** Sent as `User-Agent`, e.g. `kubeledger-scheduler/0.1.0`. */
  readonly userAgent?: string;
  /** Per attempt, until the whole answer has arrived (default 30 s; 0: none). A timed-out attempt is not retried. */
  readonly timeoutMs?: number;
  /** Retries of failed requests (default {@link DefaultRequestRetry}; `{ steps: 1 }` turns them off). */
  readonly retries?: Partial<RetryPolicy>;
  /**
   * Most requests in flight at once, so most connections open to the server (default: no limit,
   * a connection per request in flight); further requests wait for one to finish. Each new
   * connection costs both sides a TLS handshake, so a component caps them, much as client-go's
   * single HTTP/2 connection does.
   */
  readonly maxConnections?: number;
  /** The context's default namespace (informational: every call names its namespace). */
  readonly namespace?: string;
}

export const DEFAULT_USER_AGENT = 'kubeledger-client/0.1.0';
export const DEFAULT_TIMEOUT_MS = 30_000;
