import { describe, expect, it } from 'vitest';
import { goDuration, restartBackoff, type BackoffState } from './restart-backoff.js';

/** The waits of `exits` exits in a row, each after a run of `ranForMs`. */
function waits(exits: number, ranForMs = 100, from?: BackoffState): { waits: number[]; state: BackoffState | undefined } {
  let state = from;
  const out: number[] = [];
  for (let i = 0; i < exits; i++) {
    const { waitMs, next } = restartBackoff(state, ranForMs);
    out.push(waitMs);
    state = next;
  }
  return { waits: out, state };
}

describe('CrashLoopBackOff', () => {
  it('restarts at once after the first exit, then waits 10 s doubling to at most 5 min', () => {
    expect(waits(8).waits).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('starts over after a run of 10 min: an immediate restart, then 10 s again', () => {
    const { state } = waits(5);
    expect(restartBackoff(state, 599_999).waitMs).toBe(160_000);
    const reset = restartBackoff(state, 600_000);
    expect(reset.waitMs).toBe(0);
    expect(restartBackoff(reset.next, 100).waitMs).toBe(10_000);
  });

  it('follows the configured delays', () => {
    const options = { initialMs: 100, maxMs: 400, resetAfterMs: 600_000 };
    let state: BackoffState | undefined;
    const out: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { waitMs, next } = restartBackoff(state, 10, options);
      out.push(waitMs);
      state = next;
    }
    expect(out).toEqual([0, 100, 200, 400, 400]);
  });

  it('prints delays as Go prints a time.Duration', () => {
    expect([500, 10_000, 80_000, 300_000, 1_500].map(goDuration)).toEqual(['500ms', '10s', '1m20s', '5m0s', '1.5s']);
  });
});
