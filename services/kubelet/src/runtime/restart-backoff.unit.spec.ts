import { describe, expect, it } from 'vitest';
import { nextBackoff } from './restart-backoff.js';

describe('CrashLoopBackOff', () => {
  it('doubles from 10 s to at most 5 min, and starts over after a long run', () => {
    let state = nextBackoff(undefined, 100);
    const delays = [state.delayMs];
    for (let i = 0; i < 6; i++) delays.push((state = nextBackoff(state, 100)).delayMs);
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(nextBackoff(state, 600_000).delayMs).toBe(10_000);
  });
});
