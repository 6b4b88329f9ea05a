import { decodeObject, fieldValidation } from './decode-object.js';
import { addWarnings, query, type HandlerContext } from './handler-context.js';

/** POST: 201 with the stored object. */
export async function handleCreate({ info, store, request, reply, write, admission }: HandlerContext): Promise<unknown> {
  const { object, warnings } = decodeObject(store.definition, request.body, fieldValidation(query(request)['fieldValidation']));
  await admission.validate({ operation: 'CREATE', resource: store.definition, subresource: info.subresource, namespace: info.namespace, name: object.metadata?.name ?? '', object });
  const created = await store.create(info.namespace, object, write);
  addWarnings(reply, warnings);
  reply.code(201);
  return created;
}
