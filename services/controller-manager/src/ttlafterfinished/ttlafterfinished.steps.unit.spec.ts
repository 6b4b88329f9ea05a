import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it, vi } from 'vitest';
import { jobEventHandler } from './ttlafterfinished.event-handlers.js';
import { reconcileJob, type ReconcileJobDeps } from './ttlafterfinished.reconcile-job.js';
import { jobFinishTime, ttlVerdict } from './ttl-after-finished.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const apiError = (code: number, reason: string) => Object.assign(new Error(reason), { code, reason });
const is = (code: number) => (err: unknown) => (err as { code?: number }).code === code;

const job = (opts: { ttl?: number; finished?: 'Complete' | 'Failed'; at?: string; uid?: string; completionTime?: string; deleting?: boolean } = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'ns', uid: opts.uid ?? 'job-uid', ...(opts.deleting && { deletionTimestamp: '2026-03-01T12:00:00Z' }) },
  spec: { ...(opts.ttl !== undefined && { ttlSecondsAfterFinished: opts.ttl }) },
  status: {
    ...(opts.completionTime && { completionTime: opts.completionTime }),
    conditions: opts.finished
      ? [{ type: opts.finished === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget', status: 'True', lastTransitionTime: '2026-03-01T11:00:00Z' }, { type: opts.finished, status: 'True', ...(opts.at !== undefined && { lastTransitionTime: opts.at }) }]
      : [],
  },
});

describe('ttlVerdict', () => {
  it('finish time is the terminal condition\'s lastTransitionTime, else completionTime; none while not finished', () => {
    expect(jobFinishTime(job({ finished: 'Failed', at: '2026-03-01T12:00:05Z' }))).toBe(T0 + 5000);
    expect(jobFinishTime(job({ finished: 'Complete', at: '', completionTime: '2026-03-01T12:00:07Z' }))).toBe(T0 + 7000);
    expect(jobFinishTime(job({ ttl: 5 }))).toBeUndefined();
  });

  it('none without a TTL, unfinished, or being deleted; waits the time left; expired once finish + ttl passed', () => {
    expect(ttlVerdict(job({ finished: 'Complete', at: '2026-03-01T12:00:00Z' }), T0)).toEqual({ kind: 'none' });
    expect(ttlVerdict(job({ ttl: 10 }), T0)).toEqual({ kind: 'none' });
    expect(ttlVerdict(job({ ttl: 10, finished: 'Complete', at: '2026-03-01T12:00:00Z', deleting: true }), T0 + 60_000)).toEqual({ kind: 'none' });
    expect(ttlVerdict(job({ ttl: 10, finished: 'Complete', at: '2026-03-01T12:00:00Z' }), T0 + 4000)).toEqual({ kind: 'wait', ms: 6000 });
    expect(ttlVerdict(job({ ttl: 10, finished: 'Failed', at: '2026-03-01T12:00:00Z' }), T0 + 10_000)).toEqual({ kind: 'expired' });
    expect(ttlVerdict(job({ ttl: 0, finished: 'Complete', at: '2026-03-01T12:00:00Z' }), T0)).toEqual({ kind: 'expired' });
    expect(ttlVerdict(job({ ttl: 10, finished: 'Complete', at: '' }), T0)).toEqual({ kind: 'unknownFinishTime' });
  });
});

describe('jobEventHandler', () => {
  it('queues only finished Jobs with a TTL', () => {
    const enqueue = vi.fn();
    const handler = jobEventHandler(enqueue);
    handler.onAdd!(job({ ttl: 1 }), true, undefined as never);
    handler.onAdd!(job({ finished: 'Complete', at: '2026-03-01T12:00:00Z' }), true, undefined as never);
    expect(enqueue).not.toHaveBeenCalled();
    handler.onUpdate!(job({ ttl: 1 }), job({ ttl: 1, finished: 'Complete', at: '2026-03-01T12:00:00Z' }), undefined as never);
    expect(enqueue).toHaveBeenCalledWith('ns/pi', undefined);
  });
});

function deps(cached: KubeObject | undefined, fresh: KubeObject | Error, now = T0) {
  return {
    getJob: () => cached,
    getFreshJob: vi.fn<ReconcileJobDeps['getFreshJob']>(async () => {
      if (fresh instanceof Error) throw fresh;
      return fresh;
    }),
    deleteJob: vi.fn<ReconcileJobDeps['deleteJob']>(async () => undefined),
    isNotFound: is(404),
    isConflict: is(409),
    now: () => new Date(now),
    log: () => undefined,
  } satisfies ReconcileJobDeps;
}

describe('reconcileJob (TTL after finished)', () => {
  const finished = job({ ttl: 10, finished: 'Complete', at: '2026-03-01T12:00:00Z' });

  it('before the TTL ran out, comes back for the time left and reads nothing', async () => {
    const d = deps(finished, finished, T0 + 3000);
    expect(await reconcileJob('ns/pi', d)).toEqual({ requeueAfterMs: 7000 });
    expect(d.getFreshJob).not.toHaveBeenCalled();
    expect(d.deleteJob).not.toHaveBeenCalled();
  });

  it('once expired, re-reads the Job and deletes it (foreground, by uid)', async () => {
    const d = deps(finished, finished, T0 + 10_000);
    expect(await reconcileJob('ns/pi', d)).toBe('continue');
    expect(d.getFreshJob).toHaveBeenCalledWith('ns', 'pi');
    expect(d.deleteJob).toHaveBeenCalledWith('ns', 'pi', 'job-uid');
  });

  it('does not delete when the fresh Job\'s TTL was raised (comes back then), or it is another, unfinished Job now', async () => {
    const raised = deps(finished, job({ ttl: 60, finished: 'Complete', at: '2026-03-01T12:00:00Z' }), T0 + 10_000);
    expect(await reconcileJob('ns/pi', raised)).toEqual({ requeueAfterMs: 50_000 });
    expect(raised.deleteJob).not.toHaveBeenCalled();
    const replaced = deps(finished, job({ ttl: 10, uid: 'other' }), T0 + 10_000);
    expect(await reconcileJob('ns/pi', replaced)).toBe('continue');
    expect(replaced.deleteJob).not.toHaveBeenCalled();
  });

  it('a Job gone from the cache or the apiserver, or whose uid changed before the delete, is done; other errors are thrown', async () => {
    expect(await reconcileJob('ns/pi', deps(undefined, finished, T0 + 10_000))).toBe('continue');
    expect(await reconcileJob('ns/pi', deps(finished, apiError(404, 'NotFound'), T0 + 10_000))).toBe('continue');
    const conflict = deps(finished, finished, T0 + 10_000);
    conflict.deleteJob.mockRejectedValueOnce(apiError(409, 'Conflict'));
    expect(await reconcileJob('ns/pi', conflict)).toBe('continue');
    const failing = deps(finished, finished, T0 + 10_000);
    failing.deleteJob.mockRejectedValueOnce(apiError(500, 'InternalError'));
    await expect(reconcileJob('ns/pi', failing)).rejects.toThrow('InternalError');
    await expect(reconcileJob('ns/pi', deps(finished, apiError(503, 'ServiceUnavailable'), T0 + 10_000))).rejects.toThrow('ServiceUnavailable');
  });
});
