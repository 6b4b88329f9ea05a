import { failure, qualifiedResource, StatusError } from '@kubeledger/api';
import type { Attributes } from '../authorizer.js';
import { goQuote } from './go-quote.js';

/** Upstream's responsewriters sanitizer: nothing in a denial may read as HTML (quotes are fine). */
const sanitize = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Denied = Pick<Attributes, 'user' | 'verb' | 'isResourceRequest' | 'path' | 'apiGroup' | 'resource' | 'subresource' | 'namespace' | 'name'>;

/**
 * What a denied request was refused (responsewriters.forbiddenMessage): `User "alice" cannot list
 * resource "pods" in API group "" in the namespace "default"`, `... at the cluster scope`, or
 * `User "system:anonymous" cannot get path "/api"` for non-resource requests.
 */
export function denialDetail(attributes: Denied): string {
  const user = goQuote(attributes.user.name);
  if (!attributes.isResourceRequest) return `User ${user} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const what = `User ${user} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.apiGroup)}`;
  return attributes.namespace ? `${what} in the namespace ${goQuote(attributes.namespace)}` : `${what} at the cluster scope`;
}

/**
 * The message of the 403 Status a denied request gets (responsewriters.Forbidden through
 * apierrors.NewForbidden): `pods is forbidden: User "alice" cannot list resource "pods" in API group
 * "" in the namespace "default"`, `pods "web" is forbidden: ...` when a name was asked for,
 * `forbidden: ...` for non-resource requests, and `: <reason>` after it when the authorizers gave one.
 */
export function forbiddenMessage(attributes: Denied, reason: string): string {
  return forbiddenError(attributes, reason).message;
}

/** The 403 Forbidden StatusError for a denied request (details name the group, resource and name, as upstream's). */
export function forbiddenError(attributes: Denied, reason: string): StatusError {
  const why = reason ? `${sanitize(denialDetail(attributes))}: ${reason}` : sanitize(denialDetail(attributes));
  if (!attributes.resource) return new StatusError(failure('Forbidden', `forbidden: ${why}`, {}));
  const gr = { group: attributes.apiGroup, resource: attributes.resource };
  const subject = attributes.name ? `${qualifiedResource(gr)} ${goQuote(attributes.name)}` : qualifiedResource(gr);
  return new StatusError(failure('Forbidden', `${subject} is forbidden: ${why}`, { ...(attributes.name && { name: attributes.name }), group: gr.group, kind: gr.resource }));
}
