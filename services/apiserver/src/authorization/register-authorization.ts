import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseFieldSelector } from '@kubeledger/api';
import { requestInfoOf } from '../request/request-info-of.js';
import type { Attributes, Authorizer } from './authorizer.js';
import { forbiddenError } from './forbidden-message.js';

/**
 * The authorization hook (upstream's WithAuthorization), after authentication, impersonation and
 * the in-flight limits: the request's attributes go to the authorizer chain; anything but Allow is
 * a 403 Forbidden Status with upstream's message. A refusal that rests on the watch cache's view
 * (a kubelet asking for a pod it was bound to a moment ago: the binding reached the kubelet over
 * NATS before this replica's cache) is asked again once the cache has caught up with the log
 * (`catchUp`), so a kubelet is not refused what the log already grants it.
 */
export function registerAuthorization(app: FastifyInstance, authorizer: Authorizer, catchUp: () => Promise<void>): void {
  app.addHook('onRequest', async (request) => {
    const attributes = attributesOf(request);
    let result = authorizer.authorize(attributes);
    if (result.decision !== 'Allow' && result.fromCache) {
      await catchUp();
      result = authorizer.authorize(attributes);
    }
    if (result.decision !== 'Allow') throw forbiddenError(attributes, result.reason);
  });
}

/** The authorizer's view of a request: its user and request info (and, for pods, its field selector). */
export function attributesOf(request: FastifyRequest): Attributes {
  const info = requestInfoOf(request);
  const attributes: Attributes = {
    user: request.user,
    verb: info.verb,
    isResourceRequest: info.isResourceRequest,
    path: info.path,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
  const selector = (request.query as Record<string, unknown> | undefined)?.['fieldSelector'];
  if (typeof selector !== 'string' || selector === '') return attributes;
  try {
    return { ...attributes, fieldSelector: parseFieldSelector(selector) };
  } catch {
    return attributes; // the list handler answers a bad selector with 400; authorization ignores it
  }
}
