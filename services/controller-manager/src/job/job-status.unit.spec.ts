import { describe, expect, it } from 'vitest';
import { ensureCondition, isJobFinished, newCondition } from './job-conditions.js';
import { countUncountedWithoutFinalizers, wireStatus, workingStatus } from './job-status.js';

const NOW = new Date('2026-03-01T12:00:00.123Z');

describe('Job status and conditions', () => {
  it('writes the status as batch/v1 serializes it: zero counters left out but ready and terminating, uncounted lists as an object', () => {
    const s = workingStatus({ metadata: {}, status: { failedIndexes: '', active: 2, succeeded: 1 } });
    s.active = 0;
    s.ready = 0;
    expect(wireStatus(s)).toEqual({ failedIndexes: '', succeeded: 1, uncountedTerminatedPods: {}, ready: 0, terminating: 0 });
    s.uncounted.failed.push('u1');
    s.completedIndexes = '0-2';
    expect(wireStatus(s)).toMatchObject({ uncountedTerminatedPods: { failed: ['u1'] }, completedIndexes: '0-2' });
  });

  it('counts the uncounted pods whose finalizer is gone, keeping those that still have it', () => {
    const s = workingStatus({ metadata: {}, status: { succeeded: 1, failed: 1, uncountedTerminatedPods: { succeeded: ['a', 'b'], failed: ['c'] } } });
    expect(countUncountedWithoutFinalizers(s, new Set(['b']))).toBe(true);
    expect(s).toMatchObject({ succeeded: 2, failed: 2, uncounted: { succeeded: ['b'], failed: [] } });
    expect(countUncountedWithoutFinalizers(s, new Set(['b']))).toBe(false);
  });

  it('conditions: second-precision times; a False one is not added where none was; a finished Job has Complete or Failed True', () => {
    expect(newCondition('Complete', 'True', 'CompletionsReached', 'm', NOW)).toEqual({ type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'm', lastProbeTime: '2026-03-01T12:00:00Z', lastTransitionTime: '2026-03-01T12:00:00Z' });
    expect(ensureCondition([], 'Suspended', 'False', 'JobResumed', 'Job resumed', NOW)).toEqual([[], false]);
    const [suspended, changed] = ensureCondition([], 'Suspended', 'True', 'JobSuspended', 'Job suspended', NOW);
    expect(changed).toBe(true);
    expect(ensureCondition(suspended, 'Suspended', 'True', 'JobSuspended', 'Job suspended', NOW)[1]).toBe(false);
    expect(ensureCondition(suspended, 'Suspended', 'False', 'JobResumed', 'Job resumed', NOW)[0]).toMatchObject([{ type: 'Suspended', status: 'False', reason: 'JobResumed' }]);
    expect(isJobFinished({ metadata: {}, status: { conditions: [{ type: 'FailureTarget', status: 'True' }] } })).toBe(false);
    expect(isJobFinished({ metadata: {}, status: { conditions: [{ type: 'Failed', status: 'True' }] } })).toBe(true);
  });
});
