import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { finishedTime, NO_BACKOFF, nextBackoffRecord, remainingBackoffMs } from './pod-failure-backoff.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const finished = (name: string, s: number): KubeObject => ({ metadata: { name, creationTimestamp: at(-100) }, status: { containerStatuses: [{ state: { terminated: { finishedAt: at(s) } } }] } });

describe('pod failure backoff (backoff_utils)', () => {
  it('a pod finished when its last container did, else when deleted, else when created', () => {
    expect(finishedTime(finished('a', 5), 0)).toBe(T0 + 5000);
    expect(finishedTime({ metadata: { deletionTimestamp: at(7), creationTimestamp: at(1) } }, 0)).toBe(T0 + 7000);
    expect(finishedTime({ metadata: { creationTimestamp: at(1) } }, 0)).toBe(T0 + 1000);
  });

  it('counts failures since the last success; a success resets the count to the failures after it', () => {
    const one = nextBackoffRecord(NO_BACKOFF, [], [finished('f1', 10)], T0);
    expect(one).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: T0 + 10_000 });
    const two = nextBackoffRecord(one, [], [finished('f2', 20)], T0);
    expect(two).toEqual({ failuresAfterLastSuccess: 2, lastFailureTime: T0 + 20_000 });
    expect(nextBackoffRecord(two, [], [], T0)).toBe(two);
    expect(nextBackoffRecord(two, [finished('s', 30)], [finished('f3', 25)], T0)).toEqual(NO_BACKOFF);
    expect(nextBackoffRecord(two, [finished('s', 30)], [finished('f3', 35)], T0)).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: T0 + 35_000 });
  });

  it('waits the base after one failure, doubling per further failure up to the cap, counted from the last failure', () => {
    const record = (failures: number) => ({ failuresAfterLastSuccess: failures, lastFailureTime: T0 });
    expect(remainingBackoffMs(NO_BACKOFF, T0, 10_000)).toBe(0);
    expect(remainingBackoffMs(record(1), T0, 10_000)).toBe(10_000);
    expect(remainingBackoffMs(record(1), T0 + 4000, 10_000)).toBe(6000);
    expect(remainingBackoffMs(record(3), T0, 10_000)).toBe(40_000);
    expect(remainingBackoffMs(record(3), T0 + 50_000, 10_000)).toBe(0);
    expect(remainingBackoffMs(record(10), T0, 10_000)).toBe(360_000);
    expect(remainingBackoffMs(record(2), T0, 1000)).toBe(2000);
  });
});
