import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, internalError, isStatusError, requestEntityTooLarge, unsupportedMediaType, type StatusError } from '@kubeledger/api';
import { PATCH_TYPES } from './patch-body.js';

/** Every error leaves as a Kubernetes Status with upstream's code and reason; never a bare 500 for a client mistake. */
export function renderError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = toStatusError(err, request);
  if (status.code >= 500) request.log.error({ err }, 'request failed');
  if (status.status.details?.retryAfterSeconds) reply.header('retry-after', String(status.status.details.retryAfterSeconds));
  return reply.code(status.code).type('application/json').send(status.status);
}

function toStatusError(err: unknown, request: FastifyRequest): StatusError {
  if (isStatusError(err)) return err;
  const fastifyError = err as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return requestEntityTooLarge(`limit is ${request.routeOptions.bodyLimit ?? 0}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const accepted = request.method === 'PATCH' ? PATCH_TYPES : ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
      return unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
    }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('the body of the request was empty');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_BAD_URL':
      return badRequest(fastifyError.message);
    default:
      if (fastifyError.statusCode === 400 || err instanceof SyntaxError) return badRequest(`the request body could not be decoded: ${fastifyError.message}`);
      return internalError(err);
  }
}
