import { matchesLabels, type KubeObject, type LabelRequirement } from '@kubeledger/api';
import { deletedObject, type DeletedFinalStateUnknown, type EventHandler } from '@kubeledger/client';
import { SERVICE_NAME_LABEL } from './desired-endpoints.js';

/** A namespaced object's work-queue key. */
export const keyOf = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

const labelsOf = (o: KubeObject | undefined) => (o?.metadata?.['labels'] ?? {}) as Record<string, string>;

/** A Service change: its own key. */
export function serviceEventHandler(enqueue: (key: string) => void): EventHandler<KubeObject> {
  const add = (s: KubeObject) => enqueue(keyOf(s.metadata?.namespace, s.metadata?.name));
  return { onAdd: add, onUpdate: (_old, s) => add(s), onDelete: (s) => add(deletedObject(s)) };
}

/**
 * A Pod change: every Service of its namespace whose selector matches its old or its new labels
 * (upstream's `GetPodServiceMemberships` on both). A resync (old === new) changes nothing.
 */
export function podEventHandler(deps: { readonly listServices: (namespace: string) => readonly KubeObject[]; readonly enqueue: (key: string) => void }): EventHandler<KubeObject> {
  const enqueueFor = (...pods: KubeObject[]) => {
    const namespace = pods[0]?.metadata?.namespace ?? '';
    for (const service of deps.listServices(namespace)) {
      const selector = ((service['spec'] ?? {}) as { selector?: Record<string, string> }).selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      const requirements: LabelRequirement[] = Object.entries(selector).map(([key, value]) => ({ key, op: 'in', values: [value] }));
      if (pods.some((p) => matchesLabels(requirements, labelsOf(p)))) deps.enqueue(keyOf(namespace, service.metadata?.name));
    }
  };
  return {
    onAdd: (pod) => enqueueFor(pod),
    onUpdate: (old, pod) => {
      if (old !== pod) enqueueFor(old, pod);
    },
    onDelete: (pod: KubeObject | DeletedFinalStateUnknown<KubeObject>) => enqueueFor(deletedObject(pod)),
  };
}

/** An EndpointSlice change: the Service named by its `kubernetes.io/service-name` label (old and new). */
export function sliceEventHandler(enqueue: (key: string) => void): EventHandler<KubeObject> {
  const enqueueFor = (slice: KubeObject) => {
    const service = labelsOf(slice)[SERVICE_NAME_LABEL];
    if (service) enqueue(keyOf(slice.metadata?.namespace, service));
  };
  return {
    onAdd: enqueueFor,
    onUpdate: (old, slice) => {
      if (labelsOf(old)[SERVICE_NAME_LABEL] !== labelsOf(slice)[SERVICE_NAME_LABEL]) enqueueFor(old);
      enqueueFor(slice);
    },
    onDelete: (slice) => enqueueFor(deletedObject(slice)),
  };
}
