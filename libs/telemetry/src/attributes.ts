/** Span and metric attribute names used across services. Name objects, never their contents. */
export const Attr = {
  resource: 'k8s.resource',
  group: 'k8s.group',
  namespace: 'k8s.namespace',
  name: 'k8s.name',
  uid: 'k8s.uid',
  verb: 'k8s.verb',
  subresource: 'k8s.subresource',
  node: 'k8s.node.name',
  eventType: 'k8s.event_type',
  revision: 'store.global_position',
  batchSize: 'store.batch_size',
  stream: 'bus.stream',
  subject: 'messaging.destination.name',
} as const;

/** The attributes that name an object on a span: resource, namespace, name, uid, revision (never its contents). */
export function objectAttributes(object: {
  readonly resource?: string;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly uid?: string | undefined;
  readonly revision?: number | string | undefined;
}): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (object.resource) out[Attr.resource] = object.resource;
  if (object.namespace) out[Attr.namespace] = object.namespace;
  if (object.name) out[Attr.name] = object.name;
  if (object.uid) out[Attr.uid] = object.uid;
  if (object.revision !== undefined && object.revision !== '') out[Attr.revision] = Number(object.revision);
  return out;
}
