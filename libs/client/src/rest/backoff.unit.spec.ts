import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, backoffSchedule, completeBackoff, DefaultBackoff, DefaultRequestRetry, DefaultRetry, NoRetry, sleep } from './backoff.js';

describe('backoff schedule', () => {
  it('DefaultRetry is client-go’s: 5 attempts, 4 waits of 10 ms plus up to 10 %', () => {
    expect(DefaultRetry).toEqual({ steps: 5, durationMs: 10, factor: 1, jitter: 0.1 });
    expect(backoffSchedule(DefaultRetry, () => 0)).toEqual([10, 10, 10, 10]);
    const high = backoffSchedule(DefaultRetry, () => 0.999);
    for (const d of high) expect(d).toBeCloseTo(10.999, 5);
  });

  it('DefaultBackoff is client-go’s: 10 ms × 5^n', () => {
    expect(backoffSchedule(DefaultBackoff, () => 0)).toEqual([10, 50, 250]);
  });

  it('grows exponentially with jitter on top, up to the cap', () => {
    expect(backoffSchedule(DefaultRequestRetry, () => 0)).toEqual([200, 400, 800, 1600, 3200]);
    expect(backoffSchedule(DefaultRequestRetry, () => 0.5)).toEqual([220, 440, 880, 1760, 3520]);
    expect(backoffSchedule({ steps: 5, durationMs: 100, factor: 3, jitter: 0, capMs: 500 }, () => 0)).toEqual([100, 300, 500, 500]);
  });

  it('has no wait past the last step, nor before the first', () => {
    expect(backoffDelay(DefaultRetry, 0)).toBeUndefined();
    expect(backoffDelay(DefaultRetry, 4, () => 0)).toBe(10);
    expect(backoffDelay(DefaultRetry, 5)).toBeUndefined();
    expect(backoffSchedule(NoRetry)).toEqual([]);
  });

  it('completes a partial policy over defaults and refuses nonsense', () => {
    expect(completeBackoff({ steps: 2, durationMs: undefined }, DefaultRequestRetry)).toEqual({ ...DefaultRequestRetry, steps: 2 });
    expect(() => completeBackoff({ steps: 0 }, DefaultRetry)).toThrow(RangeError);
    expect(() => completeBackoff({ durationMs: -1 }, DefaultRetry)).toThrow(RangeError);
  });
});

describe('sleep', () => {
  it('waits, and rejects with the abort reason when aborted first', async () => {
    vi.useFakeTimers();
    try {
      const done = vi.fn();
      const p = sleep(1000).then(done);
      await vi.advanceTimersByTimeAsync(999);
      expect(done).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      await p;
      expect(done).toHaveBeenCalled();
      const ac = new AbortController();
      const aborted = sleep(1000, ac.signal);
      ac.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow('stop');
      await expect(sleep(1, ac.signal)).rejects.toThrow('stop');
    } finally {
      vi.useRealTimers();
    }
  });
});
