import { query, type HandlerContext } from './handler-context.js';
import { negotiateOutput } from './negotiate-output.js';
import { transformObject } from './transform-output.js';

/** GET one object, in the form the Accept header asks for (the object, or a Table for kubectl get). */
export async function handleGet({ info, store, request, reply }: HandlerContext): Promise<unknown> {
  const output = negotiateOutput(request.headers.accept);
  const object = await store.get(info.namespace, info.name);
  reply.type(output.mediaType);
  return transformObject(output, store.definition, object, query(request));
}
