import { decodeObject, fieldValidation } from './decode-object.js';
import { addWarnings, query, type HandlerContext } from './handler-context.js';
import { assertNameMatchesUrl } from './check-name.js';

/** PUT: 200 with the stored object (201 when it created one). */
export async function handleUpdate({ info, store, request, reply, write }: HandlerContext): Promise<unknown> {
  const { object, warnings } = decodeObject(store.definition, request.body, fieldValidation(query(request)['fieldValidation']));
  assertNameMatchesUrl(object, info.name);
  const outcome = await store.update(info.namespace, info.name, object, write);
  addWarnings(reply, warnings);
  reply.code(outcome.created ? 201 : 200);
  return outcome.object;
}
