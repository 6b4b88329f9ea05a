import { createSecureContext } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { context, contextFromTraceparent, currentTraceparent, httpClientPropagates, isTraceparent, ROOT_CONTEXT } from '@kubeledger/telemetry';
import { completeBackoff, DefaultRequestRetry, sleep as realSleep, type Backoff, type Sleep } from './backoff.js';
import { DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, type ClientConfig } from './client-config.js';
import { InFlightLimit } from './in-flight-limit.js';
import type { CallOptions } from './request-options.js';
import { parseRetryAfter } from './retry-after.js';
import { sendWithRetries, type RetryLoopOptions } from './send-with-retries.js';
import { tokenSource, type TokenSource } from './token-source.js';
import { TransportError } from './transport-error.js';

/** Injected for tests: time, randomness, and the HTTP dispatcher (an undici MockAgent, say). */
export interface TransportDeps {
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Used instead of the client's own keep-alive agent; the client then does not close it. */
  readonly dispatcher?: Dispatcher;
  readonly onRetry?: RetryLoopOptions['onRetry'];
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as text (UTF-8). */
  readonly body: string;
}

export interface RawRequest {
  readonly method: string;
  /** Path and query, from the API root (`/api/v1/…`); the server URL's own path is put in front. */
  readonly path: string;
  readonly body?: string | Uint8Array | undefined;
  readonly contentType?: string | undefined;
}

const KEEP_ALIVE_MS = 30_000;

/**
 * Resolves once undici has put the connection of an answer read to the end back in its pool: it
 * does so on a later tick than the body's end, and a request sent before that opens a new one.
 */
const connectionReleased = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The wire below {@link KubeClient}: one undici Agent (keep-alive pools, TLS with the cluster CA,
 * the client certificate and SNI) for the client's life, the headers every request carries
 * (User-Agent, Accept, Authorization, traceparent), a timeout per attempt, and the retries. With
 * `maxConnections`, at most that many attempts are in flight (each holds one keep-alive
 * connection); the others wait here rather than in undici's pool, where a request queued for a
 * connection would be created outside its caller's trace context.
 */
export class RestTransport {
  readonly #origin: string;
  readonly #prefix: string;
  readonly #dispatcher: Dispatcher;
  readonly #owned: boolean;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #backoff: Backoff;
  readonly #token: TokenSource;
  readonly #deps: TransportDeps;
  readonly #limit: InFlightLimit | undefined;

  constructor(config: ClientConfig, deps: TransportDeps = {}) {
    const url = new URL(config.server);
    if (url.protocol !== 'https:') throw new TypeError(`the apiserver is HTTPS only: ${config.server}`);
    if (!config.ca) throw new TypeError('a CA certificate (ca) is required to verify the apiserver');
    if (!config.cert !== !config.key) throw new TypeError('cert and key go together');
    this.#origin = url.origin;
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
    this.#timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#backoff = completeBackoff(config.retries, DefaultRequestRetry);
    this.#token = tokenSource(config, deps.now);
    this.#deps = deps;
    this.#owned = !deps.dispatcher;
    this.#limit = config.maxConnections ? new InFlightLimit(config.maxConnections) : undefined;
    this.#dispatcher =
      deps.dispatcher ??
      new Agent({
        keepAliveTimeout: KEEP_ALIVE_MS,
        connect: {
          // One context for every connection: built per connection from the PEMs, it cost the kubelets
          // and the controller-manager more CPU than anything else they do under load.
          secureContext: createSecureContext({ ca: config.ca, ...(config.cert && { cert: config.cert, key: config.key }) }),
          // SNI: undici sends the URL's host name (never an IP address); tls-server-name overrides it.
          ...(config.tlsServerName && { servername: config.tlsServerName }),
        },
      });
  }

  /** `METHOD https://host/path`, for messages. */
  describe(method: string, path: string): string {
    return `${method} ${this.#origin}${this.#prefix}${path}`;
  }

  /** Sends `req` (retrying as retry-decision.ts says) and reads the whole answer, whatever its status. */
  async send(req: RawRequest, opts: CallOptions = {}): Promise<RawResponse> {
    if (opts.traceparent !== undefined && !isTraceparent(opts.traceparent)) throw new TypeError(`not a W3C traceparent: ${JSON.stringify(opts.traceparent)}`);
    // With the HTTP client instrumented, it sends the trace context (its client span's); a header of
    // ours too would make the value unreadable. A call's own traceparent becomes the context it sends in.
    const instrumented = httpClientPropagates();
    if (instrumented && opts.traceparent !== undefined) {
      return context.with(contextFromTraceparent(opts.traceparent, ROOT_CONTEXT), () => this.send(req, { ...opts, traceparent: undefined }));
    }
    const traceparent = instrumented ? undefined : (opts.traceparent ?? currentTraceparent());
    const token = await this.#token();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.#userAgent,
      ...(req.body !== undefined && { 'content-type': req.contentType ?? 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
      ...(traceparent && { traceparent }),
      ...Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const path = `${this.#prefix}${req.path}`;
    const request = this.describe(req.method, req.path);
    const timeoutMs = opts.timeoutMs ?? this.#timeoutMs;
    return sendWithRetries(
      req.method,
      request,
      async (attempt) => {
        const send = () => this.#attempt(req.method, path, headers, req.body, timeoutMs, opts.signal, request, attempt);
        const answer = await (this.#limit ? this.#limit.run(() => send().finally(connectionReleased)) : send());
        const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], (this.#deps.now ?? Date.now)());
        return { result: answer, status: answer.status, retryAfterMs };
      },
      {
        backoff: this.#backoff,
        sleep: this.#deps.sleep ?? realSleep,
        random: this.#deps.random ?? Math.random,
        signal: opts.signal,
        ...(this.#deps.onRetry && { onRetry: this.#deps.onRetry }),
      },
    );
  }

  async #attempt(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    request: string,
    attempt: number,
  ): Promise<RawResponse> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.#dispatcher.request({
        origin: this.#origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers,
        ...(body !== undefined && { body }),
        // undici closes the connection after a request whose method expects no payload but carries
        // one (DELETE with DeleteOptions), which cost a TLS handshake per deleted pod; the apiserver
        // reads such bodies, so the connection stays open as Go's client keeps it.
        reset: false,
        signal: controller.signal,
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, body: text };
    } catch (err) {
      if (timedOut) throw new TransportError('ETIMEDOUT', request, attempt, new Error(`no complete answer within ${timeoutMs} ms`, { cause: err }));
      if (signal?.aborted) throw signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#dispatcher.close();
  }
}
