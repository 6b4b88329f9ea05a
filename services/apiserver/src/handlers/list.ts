import { badRequest, scopePrefix, tooLargeResourceVersion, type KubeObject } from '@kubeledger/api';
import { groupVersion } from '../registry/resource-definition.js';
import { query, type HandlerContext } from './handler-context.js';
import { negotiateOutput } from './negotiate-output.js';
import { listRevision } from './list-options.js';
import { requestSelectors } from './request-selectors.js';
import { transformList } from './transform-output.js';

interface Page {
  readonly objects: readonly KubeObject[];
  readonly revision: number;
  readonly continue?: string;
}

/**
 * LIST: the resource's objects at one consistent revision — the head, or exactly the one asked for
 * with resourceVersionMatch=Exact — filtered by selectors, in pages when `limit` is given; as a
 * Table for kubectl get. A first page at the head comes from the watch cache once it has caught up
 * (as upstream's consistent reads from cache), every other page from Postgres.
 */
export async function handleList({ info, store, request, reply, watch }: HandlerContext): Promise<unknown> {
  const output = negotiateOutput(request.headers.accept);
  const q = query(request);
  const { labelSelector, fieldSelector } = requestSelectors(q);
  const where = listRevision(q);
  const limit = q['limit'] === undefined ? undefined : Number(q['limit']);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw badRequest(`limit must be a non-negative integer: ${q['limit']}`);
  const matches = store.predicate(labelSelector, fieldSelector);
  let result: Page | undefined;
  if (where.at === 'head' && !q['continue']) {
    const freshness = where.any ? 'any' : (where.notOlderThan ?? 'head');
    result = await watch.cache.list(scopePrefix(store.scope(info.namespace)), matches, freshness, limit);
  }
  if (!result) {
    const stored = await store.list({
      namespace: info.namespace,
      labelSelector,
      fieldSelector,
      ...(limit && { limit }),
      ...(q['continue'] && { continue: q['continue'] }),
      ...(where.at === 'exact' && { revision: where.revision }),
    });
    result = { objects: stored.items.map((i) => i.object), revision: stored.revision, ...(stored.continue && { continue: stored.continue }) };
  }
  // The head is at least as new as every revision this server has issued: a newer one is not ours (yet).
  if (where.at === 'head' && where.notOlderThan !== undefined && where.notOlderThan > result.revision) {
    throw tooLargeResourceVersion(where.notOlderThan, result.revision);
  }
  const def = store.definition;
  const list = {
    kind: `${def.kind}List`,
    apiVersion: groupVersion(def),
    metadata: { resourceVersion: String(result.revision), ...(result.continue && { continue: result.continue }) },
    items: result.objects,
  };
  reply.type(output.mediaType);
  return transformList(output, def, list, q);
}
