import { afterAll, beforeAll } from 'vitest';
import { startFullStack, type FullStack, type FullStackOptions } from './full-stack.js';

/** Starting seven processes on a busy 2-core machine can take a while: the deadline of the start and of the stop. */
const HOOK_TIMEOUT_MS = 240_000;

/**
 * For one test file: a full stack (startFullStack) started before its tests and closed after
 * them — also when the start outlives its hook's deadline, once it is done. Returns the stack
 * (use it inside tests and hooks).
 */
export function useFullStack(options: FullStackOptions = {}): () => FullStack {
  let starting: Promise<FullStack> | undefined;
  let stack: FullStack | undefined;
  beforeAll(async () => {
    starting = startFullStack(options);
    stack = await starting;
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    const started = await starting?.catch(() => undefined);
    await started?.close();
  }, HOOK_TIMEOUT_MS);
  return () => {
    if (!stack) throw new Error('the stack is not started (use it inside tests)');
    return stack;
  };
}
