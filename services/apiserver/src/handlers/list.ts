import { badRequest } from '@kubeledger/api';
import { query, type HandlerContext } from './handler-context.js';

/** LIST: the resource's objects at one consistent revision, in pages when `limit` is given. */
export async function handleList({ info, store, request }: HandlerContext): Promise<unknown> {
  const q = query(request);
  for (const selector of ['labelSelector', 'fieldSelector'] as const) {
    if (q[selector]) throw badRequest(`${selector} is not supported by this server yet`);
  }
  const limit = q['limit'] === undefined ? undefined : Number(q['limit']);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw badRequest(`limit must be a non-negative integer: ${q['limit']}`);
  const result = await store.list({ namespace: info.namespace, ...(limit && { limit }), ...(q['continue'] && { continue: q['continue'] }) });
  const def = store.definition;
  return {
    kind: `${def.kind}List`,
    apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
    metadata: { resourceVersion: String(result.revision), ...(result.continue && { continue: result.continue }) },
    items: result.items.map((i) => i.object),
  };
}
