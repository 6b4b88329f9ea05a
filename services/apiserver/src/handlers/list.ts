import { badRequest, tooLargeResourceVersion } from '@kubeledger/api';
import { groupVersion } from '../registry/resource-definition.js';
import { query, type HandlerContext } from './handler-context.js';
import { negotiateOutput } from './negotiate-output.js';
import { listRevision } from './list-options.js';
import { requestSelectors } from './request-selectors.js';
import { transformList } from './transform-output.js';

/**
 * LIST: the resource's objects at one consistent revision — the head, or exactly the one asked for
 * with resourceVersionMatch=Exact — filtered by selectors, in pages when `limit` is given; as a
 * Table for kubectl get.
 */
export async function handleList({ info, store, request, reply }: HandlerContext): Promise<unknown> {
  const output = negotiateOutput(request.headers.accept);
  const q = query(request);
  const { labelSelector, fieldSelector } = requestSelectors(q);
  const where = listRevision(q);
  const limit = q['limit'] === undefined ? undefined : Number(q['limit']);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw badRequest(`limit must be a non-negative integer: ${q['limit']}`);
  const result = await store.list({
    namespace: info.namespace,
    labelSelector,
    fieldSelector,
    ...(limit && { limit }),
    ...(q['continue'] && { continue: q['continue'] }),
    ...(where.at === 'exact' && { revision: where.revision }),
  });
  // The head is at least as new as every revision this server has issued: a newer one is not ours (yet).
  if (where.at === 'head' && where.notOlderThan !== undefined && where.notOlderThan > result.revision) {
    throw tooLargeResourceVersion(where.notOlderThan, result.revision);
  }
  const def = store.definition;
  const list = {
    kind: `${def.kind}List`,
    apiVersion: groupVersion(def),
    metadata: { resourceVersion: String(result.revision), ...(result.continue && { continue: result.continue }) },
    items: result.items.map((i) => i.object),
  };
  reply.type(output.mediaType);
  return transformList(output, def, list, q);
}
