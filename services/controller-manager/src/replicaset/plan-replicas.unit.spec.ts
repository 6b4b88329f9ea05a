import { describe, expect, it } from 'vitest';
import { BURST_REPLICAS, planReplicas } from './plan-replicas.js';
import { slowStartBatch } from '../controller-utils/slow-start-batch.js';

describe('planReplicas (manageReplicas diff)', () => {
  it('creates the missing pods and deletes the surplus, at most the burst per sync', () => {
    expect(planReplicas(1, 3)).toEqual({ action: 'create', count: 2 });
    expect(planReplicas(5, 2)).toEqual({ action: 'delete', count: 3 });
    expect(planReplicas(2, 2)).toEqual({ action: 'none' });
    expect(planReplicas(0, 2000)).toEqual({ action: 'create', count: BURST_REPLICAS });
    expect(planReplicas(700, 0, 100)).toEqual({ action: 'delete', count: 100 });
  });
});

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4, … until the count is reached', async () => {
    // Calls of one batch start together: the first of them to resume records how many started.
    const batches: number[] = [];
    let inFlight = 0;
    const result = await slowStartBatch(10, 1, async () => {
      inFlight++;
      await Promise.resolve();
      if (inFlight > 0) batches.push(inFlight);
      inFlight = 0;
    });
    expect(result).toEqual({ successes: 10 });
    expect(batches).toEqual([1, 2, 4, 3]);
  });

  it('stops after the batch in which a call failed, with the first error', async () => {
    let calls = 0;
    const result = await slowStartBatch(10, 1, async () => {
      calls++;
      if (calls === 3) throw new Error('quota exceeded');
    });
    expect(calls).toBe(3); // 1, then a batch of 2 with one failure
    expect(result.successes).toBe(2);
    expect((result.error as Error).message).toBe('quota exceeded');
  });

  it('does nothing for a count of 0', async () => {
    expect(await slowStartBatch(0, 1, async () => Promise.reject(new Error('never')))).toEqual({ successes: 0 });
  });
});
