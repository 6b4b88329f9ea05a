import type { FastifyInstance } from 'fastify';
import { Attr, nameServerSpan, serverSpan } from '@kubeledger/telemetry';
import { requestInfoOf } from '../request/request-info-of.js';

/**
 * Names each request's server span after what it asks (`create pods`, `patch pods/status`,
 * `get /version`) and gives it the attributes that name the object — never the body. A no-op
 * when nothing is traced.
 */
export function registerRequestSpans(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!serverSpan()) return;
    const info = requestInfoOf(request);
    if (!info.isResourceRequest) {
      nameServerSpan(`${info.verb} ${info.path}`, {});
      return;
    }
    const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
    nameServerSpan(`${info.verb} ${resource}`, {
      [Attr.verb]: info.verb,
      [Attr.resource]: info.resource,
      ...(info.apiGroup && { [Attr.group]: info.apiGroup }),
      ...(info.subresource && { [Attr.subresource]: info.subresource }),
      ...(info.namespace && { [Attr.namespace]: info.namespace }),
      ...(info.name && { [Attr.name]: info.name }),
    });
  });
}
