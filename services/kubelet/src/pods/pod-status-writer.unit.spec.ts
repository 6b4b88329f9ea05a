import { describe, expect, it } from 'vitest';
import { ApiError } from '@kubeledger/client';
import { podStatusWriter } from './pod-status-writer.js';
import type { Pod } from './pod.js';

const status = (reason: string, code: number) => new ApiError(code, { reason, message: reason, code } as never, 'PUT');
const pod = (rv: string, phase = 'Pending'): Pod => ({ metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: rv }, spec: { containers: [] }, status: { phase } });

describe('podStatusWriter', () => {
  it('writes on the resourceVersion it built on; after a conflict reads the pod again and builds on that', async () => {
    const puts: string[] = [];
    const writer = podStatusWriter({
      get: async () => pod('7') as never,
      updateStatus: async (_r, _ns, object) => {
        puts.push(object.metadata!.resourceVersion!);
        if (object.metadata!.resourceVersion === '5') throw status('Conflict', 409);
        return object as never;
      },
    });
    const built: string[] = [];
    expect(await writer(pod('5'), (current) => (built.push(current.metadata!.resourceVersion!), { phase: 'Running' }))).toBe(true);
    expect(puts).toEqual(['5', '7']);
    expect(built).toEqual(['5', '7']);
  });

  it('writes nothing when the status is unchanged, and answers false when the pod is gone or replaced', async () => {
    let puts = 0;
    const writer = podStatusWriter({
      get: async () => ({ ...pod('9'), metadata: { ...pod('9').metadata, uid: 'u2' } }) as never,
      updateStatus: async () => {
        puts++;
        throw status('NotFound', 404);
      },
    });
    expect(await writer(pod('5', 'Running'), () => ({ phase: 'Running' }))).toBe(true);
    expect(puts).toBe(0);
    expect(await writer(pod('5'), () => ({ phase: 'Running' }))).toBe(false);
  });
});
