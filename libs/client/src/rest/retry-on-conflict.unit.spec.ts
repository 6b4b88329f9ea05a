import { describe, expect, it } from 'vitest';
import { conflict, notFound } from '@kubeledger/api';
import { ApiError } from './api-error.js';
import { retryOnConflict, retryOnError } from './retry-on-conflict.js';

const apiError = (status: ReturnType<typeof conflict>) => new ApiError(status.code, status.status, 'PUT /x');
const conflictError = () => apiError(conflict({ group: '', resource: 'configmaps' }, 'c'));

/** `fn` failing with the given errors, then answering `done`. */
function failing(errors: unknown[]) {
  let calls = 0;
  return {
    fn: async () => {
      const err = errors[calls++];
      if (err) throw err;
      return 'done';
    },
    calls: () => calls,
  };
}

describe('retryOnConflict', () => {
  it('runs the read-modify-write again after a conflict, waiting DefaultRetry’s 10 ms (+ jitter)', async () => {
    const waits: number[] = [];
    const f = failing([conflictError(), conflictError()]);
    await expect(retryOnConflict(f.fn, { sleep: async (ms) => void waits.push(ms), random: () => 0.5 })).resolves.toBe('done');
    expect(f.calls()).toBe(3);
    expect(waits).toEqual([10.5, 10.5]);
  });

  it('gives up after 5 attempts with the last conflict', async () => {
    const errors = Array.from({ length: 6 }, conflictError);
    const f = failing(errors);
    const waits: number[] = [];
    await expect(retryOnConflict(f.fn, { sleep: async (ms) => void waits.push(ms), random: () => 0 })).rejects.toBe(errors[4]);
    expect(f.calls()).toBe(5);
    expect(waits).toEqual([10, 10, 10, 10]);
  });

  it('does not retry other errors', async () => {
    const missing = apiError(notFound({ group: '', resource: 'configmaps' }, 'c'));
    const f = failing([missing]);
    await expect(retryOnConflict(f.fn, { sleep: async () => undefined })).rejects.toBe(missing);
    expect(f.calls()).toBe(1);
  });

  it('really waits by default, and takes another backoff', async () => {
    const f = failing([conflictError()]);
    const started = performance.now();
    await expect(retryOnConflict(f.fn)).resolves.toBe('done');
    expect(performance.now() - started).toBeGreaterThanOrEqual(9);
    const g = failing([conflictError(), conflictError()]);
    await expect(retryOnConflict(g.fn, { backoff: { steps: 2, durationMs: 0, factor: 1, jitter: 0 } })).rejects.toMatchObject({ reason: 'Conflict' });
  });
});

describe('retryOnError', () => {
  it('retries what the predicate accepts', async () => {
    const transient = new Error('transient');
    const f = failing([transient, transient]);
    await expect(retryOnError((e) => e === transient, f.fn, { sleep: async () => undefined })).resolves.toBe('done');
    expect(f.calls()).toBe(3);
  });
});
