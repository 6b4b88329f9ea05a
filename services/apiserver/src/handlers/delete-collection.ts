import { badRequest, isStatusError, methodNotSupported, type KubeObject } from '@kubeledger/api';
import { groupVersion } from '../registry/resource-definition.js';
import { deleteOptionsFrom } from './delete-options-request.js';
import { query, type HandlerContext } from './handler-context.js';
import { requestSelectors } from './request-selectors.js';

/**
 * Deletes running at once (upstream's --delete-collection-workers): each delete is a round trip
 * to Postgres, so a namespace's thousands of objects go several at a time.
 */
const DELETE_COLLECTION_WORKERS = 8;

/** Runs `fn` on every item, `workers` at a time; the first failure stops the rest from starting and is thrown. */
async function eachConcurrently<T>(list: readonly T[], workers: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(workers, list.length) }, async () => {
      while (!failed && next < list.length) {
        try {
          await fn(list[next++]!);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    }),
  );
}

/**
 * DELETE on a collection (upstream's Store.DeleteCollection): lists what the selectors match —
 * every page, or one page of `limit` — and deletes each object (several at a time) with the same options and the same
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
  const deleteOne = async (object: KubeObject) => {
    try {
      await store.delete(info.namespace, object.metadata!.name!, options, write);
    } catch (err) {
      if (!(isStatusError(err) && err.code === 404)) throw err;
    }
  };
  for (;;) {
    const objects = page.items.map((i) => i.object);
    items.push(...objects);
    await eachConcurrently(objects, DELETE_COLLECTION_WORKERS, deleteOne);
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
