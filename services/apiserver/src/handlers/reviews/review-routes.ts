import { methodNotSupported, pathNotFound, schemas, type KubeObject } from '@kubeledger/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findResource } from '../../registry/resources.js';
import type { RequestInfo } from '../../request/request-info.js';
import { decodeObject, fieldValidation } from '../decode-object.js';
import { addWarnings, query } from '../handler-context.js';
import { accessReview, rulesReview } from './access-reviews.js';
import { selfSubjectReview, tokenReview } from './authentication-reviews.js';
import type { ReviewDeps } from './review-deps.js';
import { tokenRequest } from './token-request.js';

/** An answer to a review; `warnings` collects Warning headers for the response. */
type Answer = (request: FastifyRequest, body: KubeObject, warnings: string[]) => Promise<KubeObject> | KubeObject;

/**
 * The create-only APIs answered from what the server knows rather than stored: the review
 * resources (the table's virtual entries) and serviceaccounts/<name>/token. Undefined for every
 * other request.
 */
export function reviewHandler(info: RequestInfo, deps: ReviewDeps): ((request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) | undefined {
  if (!info.isResourceRequest) return undefined;
  if (info.apiGroup === '' && info.resource === 'serviceaccounts' && info.subresource === 'token') {
    const def = { ...findResource('', 'v1', 'serviceaccounts')!, group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', schema: schemas.authentication_v1_TokenRequest };
    // `audiences` is required in the OpenAPI schema, yet Go clients leave it out (nil) to mean the API's own.
    const withAudiences = (body: unknown) => {
      const spec = (withoutStatus(body) as { spec?: Record<string, unknown> } | undefined)?.spec;
      if (spec && typeof spec === 'object' && spec['audiences'] === undefined) spec['audiences'] = null;
      return body;
    };
    return respond(info, def, 'serviceaccounts/token', (_request, body, warnings) => tokenRequest(info.namespace, info.name, body, deps, warnings), withAudiences);
  }
  const def = findResource(info.apiGroup, info.apiVersion, info.resource);
  if (!def?.virtual || info.subresource) return undefined;
  const answers: Record<string, Answer> = {
    selfsubjectreviews: (request, body) => selfSubjectReview(body, request.user),
    tokenreviews: (_request, body) => tokenReview(body, deps),
    subjectaccessreviews: (request, body) => accessReview('SubjectAccessReview', body, request.user, '', deps),
    selfsubjectaccessreviews: (request, body) => accessReview('SelfSubjectAccessReview', body, request.user, '', deps),
    localsubjectaccessreviews: (request, body) => accessReview('LocalSubjectAccessReview', body, request.user, info.namespace, deps),
    selfsubjectrulesreviews: (request, body) => rulesReview(body, request.user, deps),
  };
  const answer = answers[def.resource];
  return answer && respond(info, def, def.resource, answer);
}

/**
 * The server writes a review's status: what a client sends there is dropped before decoding (Go
 * clients send the zero status, whose required fields are empty — in protobuf, `kubectl auth can-i`).
 */
function withoutStatus(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body)) delete (body as Record<string, unknown>)['status'];
  return body;
}

function respond(info: RequestInfo, def: Parameters<typeof decodeObject>[0], resource: string, answer: Answer, normalize = withoutStatus) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (info.verb !== 'create') throw methodNotSupported({ group: def.group, resource }, info.verb);
    if (def.namespaced && !info.namespace) throw pathNotFound();
    const { object, warnings } = decodeObject(def, normalize(request.body), fieldValidation(query(request)['fieldValidation']));
    const answerWarnings: string[] = [];
    const answered = await answer(request, object, answerWarnings);
    addWarnings(reply, [...warnings, ...answerWarnings]);
    reply.code(201);
    return answered;
  };
}
