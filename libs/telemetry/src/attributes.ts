/** Span and metric attribute names used across services. Name objects, never their contents. */
export const Attr = {
  resource: 'k8s.resource',
  group: 'k8s.group',
  namespace: 'k8s.namespace',
  name: 'k8s.name',
  uid: 'k8s.uid',
  verb: 'k8s.verb',
  revision: 'store.global_position',
  batchSize: 'store.batch_size',
  stream: 'bus.stream',
  subject: 'messaging.destination.name',
} as const;
