import type { ResourceRef } from './resource-ref.js';

/**
 * The REST path of a resource, an object or a subresource, each segment percent-encoded:
 * `/api/v1/namespaces/default/pods/web/status`, `/apis/apps/v1/deployments`.
 *
 * A namespaced resource without a namespace means every namespace (lists only); a cluster-scoped
 * one refuses a namespace, since that is a caller's mistake the server would answer with a 404.
 */
export function resourcePath(ref: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  if (!ref.namespaced && namespace) throw new TypeError(`${ref.resource} are cluster-scoped: no namespace (got ${JSON.stringify(namespace)})`);
  if (subresource && !name) throw new TypeError(`a subresource (${subresource}) needs an object name`);
  const parts = [ref.group ? `/apis/${seg(ref.group)}/${seg(ref.version)}` : `/api/${seg(ref.version)}`];
  if (ref.namespaced && namespace) parts.push(`namespaces/${seg(namespace)}`);
  parts.push(seg(ref.resource));
  if (name) parts.push(seg(name));
  if (subresource) parts.push(...subresource.split('/').map(seg));
  return parts.join('/');
}

/** {@link resourcePath} for one object, checking that a namespaced resource got its namespace. */
export function objectPath(ref: ResourceRef, namespace: string | undefined, name: string, subresource?: string): string {
  if (!name) throw new TypeError(`a ${ref.resource} name is required`);
  if (ref.namespaced && !namespace) throw new TypeError(`${ref.resource} are namespaced: a namespace is required`);
  return resourcePath(ref, namespace, name, subresource);
}

/** {@link resourcePath} of the collection objects are created in. */
export function collectionPath(ref: ResourceRef, namespace: string | undefined): string {
  if (ref.namespaced && !namespace) throw new TypeError(`${ref.resource} are namespaced: a namespace is required`);
  return resourcePath(ref, namespace);
}

/** `path?k=v&…` with the defined, non-empty values of `query` (URL-encoded); `path` when none. */
export function withQuery(path: string, query: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.append(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function seg(s: string): string {
  if (s === '.' || s === '..') throw new TypeError(`${JSON.stringify(s)} is not a valid path segment`);
  return encodeURIComponent(s);
}
