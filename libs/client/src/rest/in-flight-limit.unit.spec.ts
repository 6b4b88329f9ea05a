import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { InFlightLimit } from './in-flight-limit.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('InFlightLimit', () => {
  it('runs at most `limit` tasks at once and the rest in the order they came, failures included', async () => {
    const limit = new InFlightLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) =>
      limit.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await new Promise<void>((r) => gates.push(r));
        running--;
        if (i === 1) throw new Error('task 1 failed');
        return i;
      }),
    );
    const settled = Promise.allSettled(tasks);
    for (let open = 0; open < 5; open++) {
      await tick();
      gates.shift()!();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 'task 1 failed', 2, 3, 4]);
  });

  it('runs a waiting task in the async context of its caller', async () => {
    const limit = new InFlightLimit(1);
    const store = new AsyncLocalStorage<string>();
    let release!: () => void;
    const first = store.run('first', () =>
      limit.run(async () => {
        await new Promise<void>((r) => (release = r));
        return store.getStore();
      }),
    );
    const second = store.run('second', () => limit.run(async () => store.getStore()));
    await tick();
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new InFlightLimit(0)).toThrow(RangeError);
    expect(() => new InFlightLimit(1.5)).toThrow(RangeError);
  });
});
