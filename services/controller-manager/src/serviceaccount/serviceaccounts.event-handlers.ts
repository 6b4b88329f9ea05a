import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';

/** Queues a namespace's name; `ctx` is the event that caused it (its trace is continued). */
export type Enqueue = (namespace: string, ctx?: EventContext) => void;

/** The ServiceAccounts every namespace gets (upstream's `serviceAccountsToEnsure`). */
export const SERVICE_ACCOUNTS_TO_ENSURE = ['default'] as const;

/** Namespaces: each one added or changed is synced (upstream's `namespaceAdded`/`namespaceUpdated`). */
export function namespaceEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  return {
    onAdd: (ns, _initial, ctx) => enqueue(ns.metadata?.name ?? '', ctx),
    onUpdate: (_old, ns, ctx) => enqueue(ns.metadata?.name ?? '', ctx),
  };
}

/** ServiceAccounts: one of those to ensure deleted syncs its namespace, which creates it again (`serviceAccountDeleted`). */
export function serviceAccountEventHandler(enqueue: Enqueue): EventHandler<KubeObject> {
  return {
    onDelete: (object, ctx) => {
      const sa = deletedObject(object);
      if ((SERVICE_ACCOUNTS_TO_ENSURE as readonly string[]).includes(sa.metadata?.name ?? '')) enqueue(sa.metadata?.namespace ?? '', ctx);
    },
  };
}
