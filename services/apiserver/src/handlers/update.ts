import { badRequest } from '@kubeledger/api';
import { decodeObject, fieldValidation } from './decode-object.js';
import { addWarnings, query, type HandlerContext } from './handler-context.js';

/** PUT: 200 with the stored object (201 when it created one). */
export async function handleUpdate({ info, store, request, reply, write }: HandlerContext): Promise<unknown> {
  const { object, warnings } = decodeObject(store.definition, request.body, fieldValidation(query(request)['fieldValidation']));
  const bodyName = object.metadata?.name ?? '';
  if (bodyName !== info.name) throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${info.name})`);
  const outcome = await store.update(info.namespace, info.name, object, write);
  addWarnings(reply, warnings);
  reply.code(outcome.created ? 201 : 200);
  return outcome.object;
}
