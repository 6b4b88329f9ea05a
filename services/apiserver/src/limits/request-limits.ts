import type { FastifyInstance } from 'fastify';
import { failure, isStatusError, StatusError, tooManyRequests } from '@kubeledger/api';
import { observeInflightRequests } from '../metrics/inflight-metrics.js';
import { requestInfoOf } from '../request/request-info-of.js';
import { InflightLimiter, requestKind } from './inflight-limiter.js';
import { isLongRunning } from './long-running.js';
import { requestTimeoutMs } from './request-timeout.js';

/** Overload protection, as kube-apiserver's flags of the same meaning. */
export interface RequestLimits {
  /** --max-requests-inflight: read-only requests in flight at once (0 = no limit). */
  readonly maxRequestsInflight: number;
  /** --max-mutating-requests-inflight (0 = no limit). */
  readonly maxMutatingRequestsInflight: number;
  /** --request-timeout: the longest a non-long-running request may take. */
  readonly requestTimeoutMs: number;
  /** How long a request over a limit waits in its queue for a slot before the 429 (0: refused at once, upstream's filter without API Priority and Fairness). */
  readonly inflightQueueWaitMs: number;
}

/** Upstream's defaults: 400, 200 and one minute; a request over a limit waits up to 5 s. */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = { maxRequestsInflight: 400, maxMutatingRequestsInflight: 200, requestTimeoutMs: 60_000, inflightQueueWaitMs: 5_000 };

/** Probes must answer however busy the server is. */
const EXEMPT = /^\/(healthz|livez|readyz)(\/|$)/;

/**
 * The in-flight limits and request deadlines as Fastify hooks (upstream's WithRequestDeadline,
 * WithTimeoutForNonLongRunningRequests and WithMaxInFlightLimit). Long-running requests (watch,
 * log, exec, proxy…) and the health probes are neither counted nor timed. Over a limit a request
 * waits in a queue for a slot (`inflightQueueWaitMs`, as API Priority and Fairness queues), then
 * gets 429 with `Retry-After: 1`. Past the deadline: 504 Timeout; a handler already running is not stopped (as
 * upstream, a write it was making may still land), one not yet started never runs, and a response
 * already being streamed is cut off instead. The slot is given back when the response closes
 * (upstream holds it until the handler returns).
 */
export function registerRequestLimits(app: FastifyInstance, limits: RequestLimits): void {
  const limiter = new InflightLimiter({ readOnly: limits.maxRequestsInflight, mutating: limits.maxMutatingRequestsInflight });
  const stopObserving = observeInflightRequests(limiter);
  app.addHook('onClose', async () => stopObserving());

  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT.test(request.url)) return;
    const info = requestInfoOf(request);
    if (isLongRunning(info)) return;
    const timeout = (request.query as Record<string, string | string[] | undefined>)['timeout'];
    const timeoutMs = requestTimeoutMs((Array.isArray(timeout) ? timeout[0] : timeout) ?? null, limits.requestTimeoutMs);
    if (isStatusError(timeoutMs)) throw timeoutMs;
    const kind = requestKind(info.verb);
    // A client that goes away while queued gives up its place; one that goes later, its slot.
    const gone = new AbortController();
    let acquired = false;
    const deadline: { timer?: NodeJS.Timeout } = {};
    reply.raw.once('close', () => {
      clearTimeout(deadline.timer);
      if (acquired) limiter.release(kind);
      else gone.abort();
    });
    acquired = await limiter.acquire(kind, Math.min(limits.inflightQueueWaitMs, timeoutMs), gone.signal);
    if (!acquired) throw tooManyRequests('Too many requests, please try again later.', 1);
    deadline.timer = setTimeout(() => {
      if (!reply.raw.headersSent) reply.send(deadlineExceeded());
      else if (!reply.raw.writableEnded) reply.raw.destroy();
    }, timeoutMs);
  });
}

/** The Status upstream's handlers answer when the request context's deadline passes (NewTimeoutError(…, 0)). */
const deadlineExceeded = () => new StatusError(failure('Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded', {}));
