import { conflict } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import { isDryRun, type DeleteOptions } from '../../deletion/delete-options.js';
import { GenericStore, type DeleteOutcome } from '../../generic-store.js';
import { markTerminating } from './mark-terminating.js';
import { specFinalizersOf } from './namespace-strategy.js';

/**
 * The namespace store (upstream's namespace REST): a delete first marks the namespace
 * Terminating and keeps it, with its content, until spec.finalizers are gone (the namespace
 * controller finalizes it once its content is deleted); a delete after that removes it as any
 * object's (metadata.finalizers still hold it).
 */
export class NamespaceStore extends GenericStore {
  override async delete(namespace: string, name: string, options: DeleteOptions, ctx: WriteContext): Promise<DeleteOutcome> {
    const ns = await this.get(namespace, name);
    const meta = ns.metadata ?? {};
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid !== undefined && uid !== meta.uid) {
      throw conflict(this.definition, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${meta.uid ?? ''}`);
    }
    if (resourceVersion !== undefined && resourceVersion !== meta.resourceVersion) {
      throw conflict(this.definition, name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`);
    }
    if (meta['deletionTimestamp'] === undefined) {
      if (isDryRun(options)) return { object: markTerminating(ns, options), deleted: false };
      // The uid read above is a precondition of the write: a namespace deleted and re-created meanwhile is not marked.
      const marked = await this.guaranteedUpdate(namespace, name, (current) => markTerminating(current, options), ctx, { uid: meta.uid, ...(resourceVersion !== undefined && { resourceVersion }) });
      return { object: marked, deleted: false };
    }
    if (specFinalizersOf(ns).length > 0) return { object: ns, deleted: false };
    return super.delete(namespace, name, { ...options, preconditions: { ...options.preconditions, uid: meta.uid } }, ctx);
  }
}
