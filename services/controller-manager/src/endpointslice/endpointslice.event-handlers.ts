import { matchesLabels, type KubeObject, type LabelRequirement } from '@kubeledger/api';
import { deletedObject, type DeletedFinalStateUnknown, type EventContext, type EventHandler } from '@kubeledger/client';
import { SERVICE_NAME_LABEL } from './desired-endpoints.js';

/** A namespaced object's work-queue key. */
export const keyOf = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

const labelsOf = (o: KubeObject | undefined) => (o?.metadata?.['labels'] ?? {}) as Record<string, string>;

/** Queues a Service's key; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (key: string, ctx?: EventContext) => void;

/** A Service change: its own key. */
export function serviceEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  const add = (s: KubeObject, ctx?: EventContext) => enqueue(keyOf(s.metadata?.namespace, s.metadata?.name), ctx);
  return { onAdd: (s, _initial, ctx) => add(s, ctx), onUpdate: (_old, s, ctx) => add(s, ctx), onDelete: (s, ctx) => add(deletedObject(s), ctx) };
}

/**
 * A Pod change: every Service of its namespace whose selector matches its old or its new labels
 * (upstream's `GetPodServiceMemberships` on both). A resync (old === new) changes nothing.
 */
export function podEventHandler(deps: { readonly listServices: (namespace: string) => readonly KubeObject[]; readonly enqueue: Enqueue }): EventHandler<KubeObject> {
  const enqueueFor = (ctx: EventContext | undefined, ...pods: KubeObject[]) => {
    const namespace = pods[0]?.metadata?.namespace ?? '';
    for (const service of deps.listServices(namespace)) {
      const selector = ((service['spec'] ?? {}) as { selector?: Record<string, string> }).selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      const requirements: LabelRequirement[] = Object.entries(selector).map(([key, value]) => ({ key, op: 'in', values: [value] }));
      if (pods.some((p) => matchesLabels(requirements, labelsOf(p)))) deps.enqueue(keyOf(namespace, service.metadata?.name), ctx);
    }
  };
  return {
    onAdd: (pod, _initial, ctx) => enqueueFor(ctx, pod),
    onUpdate: (old, pod, ctx) => {
      if (old !== pod) enqueueFor(ctx, old, pod);
    },
    onDelete: (pod: KubeObject | DeletedFinalStateUnknown<KubeObject>, ctx) => enqueueFor(ctx, deletedObject(pod)),
  };
}

/** An EndpointSlice change: the Service named by its `kubernetes.io/service-name` label (old and new). */
export function sliceEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  const enqueueFor = (slice: KubeObject, ctx?: EventContext) => {
    const service = labelsOf(slice)[SERVICE_NAME_LABEL];
    if (service) enqueue(keyOf(slice.metadata?.namespace, service), ctx);
  };
  return {
    onAdd: (slice, _initial, ctx) => enqueueFor(slice, ctx),
    onUpdate: (old, slice, ctx) => {
      if (labelsOf(old)[SERVICE_NAME_LABEL] !== labelsOf(slice)[SERVICE_NAME_LABEL]) enqueueFor(old, ctx);
      enqueueFor(slice, ctx);
    },
    onDelete: (slice, ctx) => enqueueFor(deletedObject(slice), ctx),
  };
}
