/**
 * Where an object lives: its group, resource, namespace and name. Empty strings stand for the core
 * group ("") and for cluster-scoped objects (namespace "").
 */
export interface ObjectRef {
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

/** A set of objects: one resource, optionally one namespace. */
export interface ResourceScope {
  readonly group: string;
  readonly resource: string;
  readonly namespace?: string;
}

const EMPTY = '_';

// `_` is never a valid group, resource, namespace or name, so it can stand for "none".
const part = (s: string): string => (s === '' ? EMPTY : s);
const unpart = (s: string): string => (s === EMPTY ? '' : s);

/** The storage key of an object: `/<group|_>/<resource>/<namespace|_>/<name>`. Sorts by scope (collation "C"). */
export function objectKey(ref: ObjectRef): string {
  return `/${part(ref.group)}/${ref.resource}/${part(ref.namespace)}/${ref.name}`;
}

/** Inverse of {@link objectKey}. */
export function parseObjectKey(key: string): ObjectRef {
  const parts = key.split('/');
  if (parts.length !== 5 || parts[0] !== '' || !parts[2] || !parts[4]) {
    throw new Error(`not an object key: ${JSON.stringify(key)}`);
  }
  return { group: unpart(parts[1]!), resource: parts[2], namespace: unpart(parts[3]!), name: parts[4] };
}

/**
 * The key prefix that every object of a scope starts with. Without a namespace it covers every
 * namespace (and the cluster scope); with `namespace: ''` only cluster-scoped objects.
 */
export function scopePrefix(scope: ResourceScope): string {
  const base = `/${part(scope.group)}/${scope.resource}/`;
  return scope.namespace === undefined ? base : `${base}${part(scope.namespace)}/`;
}

/** The first key after every key that starts with `prefix` (for range scans under collation "C"). */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
