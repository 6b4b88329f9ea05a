import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('runs one key at a time, and once more when it was added while running', async () => {
    const runs: string[] = [];
    let active = 0;
    let maxActiveSameKey = 0;
    let release: () => void = () => undefined;
    const queue = new WorkQueue(async (key) => {
      active++;
      maxActiveSameKey = Math.max(maxActiveSameKey, active);
      runs.push(key);
      if (runs.length === 1) await new Promise<void>((r) => (release = r));
      active--;
      return 'continue';
    });
    queue.add('a');
    queue.start();
    queue.add('a');
    queue.add('a');
    release();
    await queue.idle();
    await queue.idle();
    expect(runs).toEqual(['a', 'a']);
    expect(maxActiveSameKey).toBe(1);
  });

  it('retries a requeued key after a delay', async () => {
    let attempts = 0;
    const queue = new WorkQueue(async () => (++attempts < 3 ? 'requeue' : 'continue'), { retryMs: 5 });
    queue.start();
    queue.add('a');
    await new Promise((r) => setTimeout(r, 100));
    expect(attempts).toBe(3);
    await queue.stop();
  });
});
