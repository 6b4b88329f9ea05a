import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';

/** The ConfigMap every namespace gets (upstream's RootCACertConfigMapName). */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

/** Queues a namespace's name; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (namespace: string, ctx?: EventContext) => void;

/** Namespaces: every one added, and every Active one that changed (upstream's `namespaceAdded`/`namespaceUpdated`). */
export function namespaceEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  return {
    onAdd: (ns, _initial, ctx) => enqueue(ns.metadata?.name ?? '', ctx),
    onUpdate: (_old, ns, ctx) => {
      if ((ns['status'] as { phase?: string } | undefined)?.phase === 'Active') enqueue(ns.metadata?.name ?? '', ctx);
    },
  };
}

/** ConfigMaps: `kube-root-ca.crt` changed or deleted syncs its namespace, which restores it (`configMapUpdated`/`configMapDeleted`). */
export function configMapEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  const changed = (cm: KubeObject, ctx?: EventContext) => {
    if (cm.metadata?.name === ROOT_CA_CONFIGMAP && cm.metadata.namespace) enqueue(cm.metadata.namespace, ctx);
  };
  return {
    onUpdate: (_old, cm, ctx) => changed(cm, ctx),
    onDelete: (object, ctx) => changed(deletedObject(object), ctx),
  };
}
