import type { KubeObject, Revision } from '@kubeledger/api';

/**
 * The last state the informer knew of an object that vanished while it was not following the
 * stream (it found out from a relist): the object may have changed before it was deleted
 * (client-go's `DeletedFinalStateUnknown`).
 */
export class DeletedFinalStateUnknown<T extends KubeObject = KubeObject> {
  readonly key: string;
  readonly obj: T;

  constructor(key: string, obj: T) {
    this.key = key;
    this.obj = obj;
  }
}

export function isDeletedFinalStateUnknown<T extends KubeObject>(value: T | DeletedFinalStateUnknown<T>): value is DeletedFinalStateUnknown<T> {
  return value instanceof DeletedFinalStateUnknown;
}

/** The object a delete notification is about, unwrapping a {@link DeletedFinalStateUnknown}. */
export function deletedObject<T extends KubeObject>(value: T | DeletedFinalStateUnknown<T>): T {
  return isDeletedFinalStateUnknown(value) ? value.obj : value;
}

/** Where a notification comes from: an event on the bus carries its revision and the writer's trace context (DESIGN §7). */
export interface EventContext {
  readonly revision: Revision;
  readonly traceparent?: string;
}

/**
 * What an informer tells its handlers (client-go's `ResourceEventHandlerFuncs`). Handlers run in
 * revision order, one at a time, and should be quick (put a key on a work queue); a handler that
 * throws is logged and does not stop the informer or the other handlers. `ctx` is given for
 * notifications caused by a bus event.
 */
export interface EventHandler<T extends KubeObject = KubeObject> {
  /** A new object; `isInInitialList` for the objects of the first list (and for a handler added later, the cache's objects). */
  onAdd?(object: T, isInInitialList: boolean, ctx?: EventContext): void;
  /** A changed object; a resync and a relist that finds the object changed call it too (a resync with `oldObject === newObject`). */
  onUpdate?(oldObject: T, newObject: T, ctx?: EventContext): void;
  /** A deleted object (its last state), or one that stopped matching the informer's selector (its previous state). */
  onDelete?(object: T | DeletedFinalStateUnknown<T>, ctx?: EventContext): void;
}

/** What {@link Informer.addEventHandler} returns. */
export interface EventHandlerRegistration {
  /** Stops notifications to this handler. */
  remove(): void;
}
