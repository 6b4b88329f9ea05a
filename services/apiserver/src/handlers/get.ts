import type { HandlerContext } from './handler-context.js';

/** GET one object. */
export async function handleGet({ info, store }: HandlerContext): Promise<unknown> {
  return store.get(info.namespace, info.name);
}
