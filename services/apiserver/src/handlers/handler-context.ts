import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTraceparent } from '@kubeledger/telemetry';
import type { AdmissionChain } from '../admission/admission-chain.js';
import type { GenericStore } from '../registry/generic-store.js';
import type { RequestWriteContext } from '../registry/rbac/escalation-hooks.js';
import type { RequestInfo } from '../request/request-info.js';
import type { WatchSettings } from './watch.js';

/** What every verb handler gets: the request as upstream reads it, and the resource's store. */
export interface HandlerContext {
  readonly info: RequestInfo;
  readonly store: GenericStore;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly write: RequestWriteContext;
  readonly admission: AdmissionChain;
  readonly watch: WatchSettings;
}

/**
 * Who writes (and who impersonates them) and the caller's trace, recorded on the event; the user
 * too, for the checks stores make on their writes (RBAC escalation).
 */
export function writeContext(request: FastifyRequest): RequestWriteContext {
  const traceparent = request.headers['traceparent'];
  return {
    actor: { user: request.user.name, ...(request.impersonator && { impersonator: request.impersonator.name }) },
    user: request.user,
    ...(typeof traceparent === 'string' && isTraceparent(traceparent) && { traceparent }),
  };
}

export const query = (request: FastifyRequest): Record<string, string | undefined> => request.query as Record<string, string | undefined>;

/** Adds `Warning: 299 - "<text>"` headers, as upstream does for field-validation warnings. */
export function addWarnings(reply: FastifyReply, warnings: readonly string[]): void {
  if (warnings.length) reply.header('warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
}
