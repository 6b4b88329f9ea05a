import { decodeObject, fieldValidation } from './decode-object.js';
import { addWarnings, query, type HandlerContext } from './handler-context.js';
import { assertNameMatchesUrl } from './check-name.js';
import { RequestFieldManager } from './field-manager.js';
import { writeOptions } from './write-options.js';

/** PUT: 200 with the stored object (201 when it created one; with dryRun=All: what would be stored). */
export async function handleUpdate({ info, store, request, reply, write }: HandlerContext): Promise<unknown> {
  const options = writeOptions(request, 'UpdateOptions');
  const { object, warnings } = decodeObject(store.definition, request.body, fieldValidation(query(request)['fieldValidation']));
  assertNameMatchesUrl(object, info.name);
  const fields = new RequestFieldManager(store.definition, info.subresource, options);
  const outcome = await store.update(info.namespace, info.name, object, write, { dryRun: options.dryRun, ...fields.storeOptions });
  addWarnings(reply, warnings);
  reply.code(outcome.created ? 201 : 200);
  return outcome.object;
}
