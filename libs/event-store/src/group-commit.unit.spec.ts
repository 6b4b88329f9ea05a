import { describe, expect, it } from 'vitest';
import { GroupCommitter, type Batchable } from './group-commit.js';

interface W extends Batchable<number> {
  readonly id: number;
}

function harness(options: { maxBatch: number; maxInFlight: number }) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const committer = new GroupCommitter<W>(async (batch) => {
    batches.push(batch.map((w) => w.id));
    await new Promise<void>((resolve) => gates.push(resolve));
    for (const w of batch) w.resolve(w.id);
  }, options);
  const submit = (id: number, key: string) => new Promise<number>((resolve, reject) => committer.submit({ id, key, resolve, reject }));
  const releaseAll = async () => {
    while (gates.length) gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, submit, releaseAll, committer };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommitter', () => {
  it('sends what arrives together as one batch, and what arrives meanwhile as the next', async () => {
    const h = harness({ maxBatch: 100, maxInFlight: 1 });
    const first = [1, 2, 3].map((i) => h.submit(i, `k${i}`));
    await tick();
    expect(h.batches).toEqual([[1, 2, 3]]);
    const second = [4, 5].map((i) => h.submit(i, `k${i}`));
    await tick();
    expect(h.batches).toHaveLength(1); // waits for the batch in flight
    await h.releaseAll();
    expect(h.batches).toEqual([[1, 2, 3], [4, 5]]);
    await h.releaseAll();
    expect(await Promise.all([...first, ...second])).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts at most one write of a key in a batch and keeps their order', async () => {
    const h = harness({ maxBatch: 100, maxInFlight: 1 });
    const all = [h.submit(1, 'a'), h.submit(2, 'a'), h.submit(3, 'b'), h.submit(4, 'a')];
    await tick();
    expect(h.batches).toEqual([[1, 3]]); // 2 and 4 wait: key a is in the batch
    await h.releaseAll();
    expect(h.batches[1]).toEqual([2]);
    await h.releaseAll();
    expect(h.batches[2]).toEqual([4]);
    await h.releaseAll();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
  });

  it('holds back a key that is in flight on another connection', async () => {
    const h = harness({ maxBatch: 100, maxInFlight: 4 });
    const all = [h.submit(1, 'a'), h.submit(2, 'a'), h.submit(3, 'b'), h.submit(4, 'a')];
    await tick();
    expect(h.batches.flat().sort()).toEqual([1, 3]);
    await h.releaseAll();
    expect(h.batches.flat()).toContain(2);
    expect(h.batches.flat()).not.toContain(4);
    await h.releaseAll();
    await h.releaseAll();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
  });

  it('splits what is queued evenly over the free connections', async () => {
    const h = harness({ maxBatch: 100, maxInFlight: 2 });
    const all = Array.from({ length: 64 }, (_, i) => h.submit(i, `k${i}`));
    await tick();
    expect(h.batches.map((b) => b.length)).toEqual([32, 32]);
    await h.releaseAll();
    await Promise.all(all);
  });

  it('caps the batch size and runs up to maxInFlight batches at once', async () => {
    const h = harness({ maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => h.submit(i, `k${i}`));
    await tick();
    expect(h.batches).toEqual([[1, 2], [3, 4]]);
    await h.releaseAll();
    expect(h.batches[2]).toEqual([5]);
    await h.releaseAll();
    await Promise.all(all);
  });

  it('rejects every write of a batch whose commit throws', async () => {
    const committer = new GroupCommitter<W>(async () => {
      throw new Error('boom');
    }, { maxBatch: 10, maxInFlight: 1 });
    const results = await Promise.allSettled([1, 2].map((id) => new Promise<number>((resolve, reject) => committer.submit({ id, key: `k${id}`, resolve, reject }))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
