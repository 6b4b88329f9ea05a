import { success, type KubeObject, type Status } from '@kubeledger/api';
import type { DeleteOutcome, GenericStore } from '../registry/generic-store.js';
import type { DeleteOptions } from '../registry/deletion/delete-options.js';
import { deleteOptionsFrom } from './delete-options-request.js';
import type { HandlerContext } from './handler-context.js';

/**
 * DELETE: 200 with the object while finalizers or a grace period keep it; once it is gone, the
 * deleted object (resources that return it: pods, services, …) or a Success Status naming it.
 * 202 when the deprecated `orphanDependents: false` asked for cascading and the object stays (upstream's handler).
 */
export async function handleDelete({ info, store, request, reply, write, admission }: HandlerContext): Promise<unknown> {
  const options = deleteOptionsFrom(request);
  // Validating admission of a delete (NamespaceLifecycle keeps `default` and the kube-* namespaces).
  await admission.validate({ operation: 'DELETE', resource: store.definition, subresource: info.subresource, namespace: info.namespace, name: info.name });
  const outcome = await store.delete(info.namespace, info.name, options, write);
  reply.code(statusCode(outcome, options));
  return deleteResponse(store, outcome);
}

function statusCode(outcome: DeleteOutcome, options: DeleteOptions): number {
  return !outcome.deleted && options.orphanDependents === false ? 202 : 200;
}

/** finalizeDelete: what a delete answers with. */
function deleteResponse(store: GenericStore, outcome: DeleteOutcome): KubeObject | Status {
  if (!outcome.deleted || store.returnsDeletedObject) return outcome.object;
  const { group, resource } = store.definition;
  const meta = outcome.object.metadata ?? {};
  return success({ name: meta.name ?? '', group, kind: resource, ...(meta.uid && { uid: meta.uid }) });
}
