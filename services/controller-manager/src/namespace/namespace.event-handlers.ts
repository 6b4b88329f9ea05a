import type { KubeObject } from '@kubeledger/api';
import { deletedObject, type EventContext, type EventHandler } from '@kubeledger/client';

/** Queues a namespace's name after `delayMs`; `ctx` is the event that caused it (its trace is continued). */
export type EnqueueAfter = (name: string, delayMs: number, ctx?: EventContext) => void;

/** How long after a namespace event its sync starts: lets apiserver caches see the namespace Terminating first (upstream waits 5 s). */
export const NAMESPACE_EVENT_DELAY_MS = 1000;
/** A pod of a terminating namespace went: look again soon, sooner when it was the last. */
export const POD_GONE_DELAY_MS = 1000;
export const LAST_POD_GONE_DELAY_MS = 100;

const isDeleting = (ns: KubeObject | undefined) => ns?.metadata?.['deletionTimestamp'] !== undefined;

/** A namespace added or changed while being deleted (the initial list too: a restart resumes deletions). */
export function namespaceEventHandler(deps: { readonly enqueueAfter: EnqueueAfter; readonly delayMs?: number }): EventHandler<KubeObject> {
  const delay = deps.delayMs ?? NAMESPACE_EVENT_DELAY_MS;
  const queue = (ns: KubeObject, ctx?: EventContext) => {
    if (isDeleting(ns)) deps.enqueueAfter(ns.metadata?.name ?? '', delay, ctx);
  };
  return {
    onAdd: (ns, _initial, ctx) => queue(ns, ctx),
    onUpdate: (_old, ns, ctx) => queue(ns, ctx),
  };
}

export interface PodEventHandlerDeps {
  readonly getNamespace: (name: string) => KubeObject | undefined;
  /** The namespace's pods still cached. */
  readonly podsIn: (namespace: string) => readonly KubeObject[];
  readonly enqueueAfter: EnqueueAfter;
}

/**
 * A pod gone from a terminating namespace: its content is going away, so the namespace is looked
 * at again without waiting out the graceful termination estimate.
 */
export function podEventHandler(deps: PodEventHandlerDeps): EventHandler<KubeObject> {
  return {
    onDelete: (object, ctx) => {
      const namespace = deletedObject(object).metadata?.namespace ?? '';
      if (!isDeleting(deps.getNamespace(namespace))) return;
      deps.enqueueAfter(namespace, deps.podsIn(namespace).length === 0 ? LAST_POD_GONE_DELAY_MS : POD_GONE_DELAY_MS, ctx);
    },
  };
}
