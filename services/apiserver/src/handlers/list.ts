import { badRequest, parseFieldSelector, parseLabelSelector, type FieldRequirement, type LabelRequirement } from '@kubeledger/api';
import { groupVersion } from '../registry/resource-definition.js';
import { query, type HandlerContext } from './handler-context.js';

/** LIST: the resource's objects at one consistent revision, filtered by selectors, in pages when `limit` is given. */
export async function handleList({ info, store, request }: HandlerContext): Promise<unknown> {
  const q = query(request);
  let labelSelector: LabelRequirement[];
  let fieldSelector: FieldRequirement[];
  try {
    labelSelector = parseLabelSelector(q['labelSelector'] ?? '');
    fieldSelector = parseFieldSelector(q['fieldSelector'] ?? '');
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  const limit = q['limit'] === undefined ? undefined : Number(q['limit']);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw badRequest(`limit must be a non-negative integer: ${q['limit']}`);
  const result = await store.list({
    namespace: info.namespace,
    labelSelector,
    fieldSelector,
    ...(limit && { limit }),
    ...(q['continue'] && { continue: q['continue'] }),
  });
  const def = store.definition;
  return {
    kind: `${def.kind}List`,
    apiVersion: groupVersion(def),
    metadata: { resourceVersion: String(result.revision), ...(result.continue && { continue: result.continue }) },
    items: result.items.map((i) => i.object),
  };
}
