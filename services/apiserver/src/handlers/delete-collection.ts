import { badRequest, isStatusError, methodNotSupported, type KubeObject } from '@kubeledger/api';
import { groupVersion } from '../registry/resource-definition.js';
import { deleteOptionsFrom } from './delete-options-request.js';
import { query, type HandlerContext } from './handler-context.js';
import { requestSelectors } from './request-selectors.js';

/**
 * DELETE on a collection (upstream's Store.DeleteCollection): lists what the selectors match —
 * every page, or one page of `limit` — and deletes each object with the same options and the same
 * per-object semantics as a single delete (finalizers, grace periods). Objects another request
 * deleted first are skipped. Answers 200 with the list as it was read. Not atomic, as upstream's.
 */
export async function handleDeleteCollection({ info, store, request, write }: HandlerContext): Promise<unknown> {
  if (!store.definition.verbs.includes('deletecollection')) throw methodNotSupported(store.definition, 'deletecollection');
  const q = query(request);
  const { labelSelector, fieldSelector } = requestSelectors(q);
  const options = deleteOptionsFrom(request);
  const limit = q['limit'] === undefined ? undefined : Number(q['limit']);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw badRequest(`limit must be a non-negative integer: ${q['limit']}`);
  const items: KubeObject[] = [];
  let page = await store.list({ namespace: info.namespace, labelSelector, fieldSelector, ...(limit && { limit }), ...(q['continue'] && { continue: q['continue'] }) });
  const revision = page.revision;
  for (;;) {
    for (const item of page.items) {
      items.push(item.object);
      try {
        await store.delete(info.namespace, item.object.metadata!.name!, options, write);
      } catch (err) {
        if (!(isStatusError(err) && err.code === 404)) throw err;
      }
    }
    if (limit || !page.continue) break;
    page = await store.list({ namespace: info.namespace, labelSelector, fieldSelector, continue: page.continue });
  }
  const def = store.definition;
  return {
    kind: `${def.kind}List`,
    apiVersion: groupVersion(def),
    metadata: { resourceVersion: String(revision), ...(limit && page.continue && { continue: page.continue }) },
    items,
  };
}
