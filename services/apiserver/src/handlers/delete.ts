import { badRequest } from '@kubeledger/api';
import type { HandlerContext } from './handler-context.js';

interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** DELETE: 200 with the deleted object; DeleteOptions preconditions are checked by the store. */
export async function handleDelete({ info, store, request, write }: HandlerContext): Promise<unknown> {
  const body = request.body as DeleteOptions | undefined;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) throw badRequest('the body of a delete must be DeleteOptions');
  const preconditions = body?.preconditions ?? {};
  return store.delete(info.namespace, info.name, {
    ...(preconditions.uid && { uid: preconditions.uid }),
    ...(preconditions.resourceVersion && { resourceVersion: preconditions.resourceVersion }),
  }, write);
}
