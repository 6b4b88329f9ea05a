import { retryOnError } from '@kubeledger/client';
import { describeIdentity, type ObjectIdentity } from './dependency-graph.js';
import type { GcReadDeps, GcWriteDeps } from './garbagecollector.deps.js';
import { finalizersOf } from './gc-finalizers.js';
import { finalizersPatch } from './gc-patches.js';

/**
 * Removes `finalizer` from the object (upstream's `removeFinalizer`): read it from the apiserver,
 * merge-patch the other finalizers with the resourceVersion read, and again on a 409 (a few
 * times, then the error goes to the queue). Nothing to do when the object is gone, was replaced
 * (another uid) or no longer has the finalizer. The apiserver deletes an object being deleted
 * once its last finalizer is removed.
 */
export async function removeFinalizer(identity: ObjectIdentity, finalizer: string, deps: Pick<GcReadDeps, 'getLive' | 'log'> & GcWriteDeps): Promise<void> {
  await retryOnError(deps.isConflict, async () => {
    const latest = await deps.getLive(identity.resource, identity.namespace, identity.name);
    if (!latest || latest.metadata?.uid !== identity.uid) return;
    const finalizers = finalizersOf(latest);
    if (!finalizers.includes(finalizer)) return;
    try {
      await deps.patchObject(identity, finalizersPatch(latest.metadata?.resourceVersion, finalizers.filter((f) => f !== finalizer)), 'merge');
      deps.log(`garbagecollector: removed the ${finalizer} finalizer of ${describeIdentity(identity)}`);
    } catch (err) {
      if (!deps.isNotFound(err)) throw err;
    }
  });
}

