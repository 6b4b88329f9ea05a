import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { failedIndexes, isIndexFailed, nextIndexFailureCounts, podsWithDelayedDeletion, remainingIndexBackoffMs } from './index-failures.js';
import { jobSpec, type JobSpec } from './job-spec.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const spec = (extra: Record<string, unknown> = {}) =>
  jobSpec({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: 4, parallelism: 2, backoffLimitPerIndex: 1, podReplacementPolicy: 'Failed', ...extra } }) as JobSpec & {
    completions: number;
    backoffLimitPerIndex: number;
  };
const pod = (name: string, ix: number, phase: string, opts: { failures?: number; ignored?: number; exitCode?: number; finishedAt?: number; conditions?: unknown[] } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    annotations: {
      'batch.kubernetes.io/job-completion-index': String(ix),
      ...(opts.failures !== undefined && { 'batch.kubernetes.io/job-index-failure-count': String(opts.failures) }),
      ...(opts.ignored !== undefined && { 'batch.kubernetes.io/job-index-ignored-failure-count': String(opts.ignored) }),
    },
  },
  status: {
    phase,
    conditions: opts.conditions ?? [],
    containerStatuses: phase === 'Failed' ? [{ name: 'c', state: { terminated: { exitCode: opts.exitCode ?? 1, finishedAt: new Date(opts.finishedAt ?? T0).toISOString() } } }] : [],
  },
});

describe('index failures (backoffLimitPerIndex)', () => {
  it('an index fails once a counted failure comes after backoffLimitPerIndex earlier ones, or a FailIndex rule matches; Ignore never fails it', () => {
    const s = spec();
    expect(isIndexFailed(s, pod('a', 0, 'Failed', { failures: 0 }))).toBe(false);
    expect(isIndexFailed(s, pod('a', 0, 'Failed', { failures: 1 }))).toBe(true);
    expect(isIndexFailed(s, pod('a', 0, 'Running', { failures: 5 }))).toBe(false);
    const withPolicy = spec({
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [7] } }, { action: 'Ignore', onExitCodes: { operator: 'In', values: [9] } }] },
    });
    expect(isIndexFailed(withPolicy, pod('a', 0, 'Failed', { failures: 0, exitCode: 7 }))).toBe(true);
    expect(isIndexFailed(withPolicy, pod('a', 0, 'Failed', { failures: 3, exitCode: 9 }))).toBe(false);
    expect(failedIndexes(s, [3], [pod('a', 0, 'Failed', { failures: 1 }), pod('b', 1, 'Failed', { failures: 0 }), pod('c', 9, 'Failed', { failures: 1 })])).toEqual([0, 3]);
  });

  it('a replacement starts with the replaced pod\'s failures plus its own (ignored ones apart); no replaced pod: 0', () => {
    const s = spec({ podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [9] } }] } });
    expect(nextIndexFailureCounts(s, undefined)).toEqual({ failures: 0, ignored: 0 });
    expect(nextIndexFailureCounts(s, pod('a', 0, 'Failed', { failures: 1 }))).toEqual({ failures: 2, ignored: 0 });
    expect(nextIndexFailureCounts(s, pod('a', 0, 'Failed', { failures: 1, ignored: 2, exitCode: 9 }))).toEqual({ failures: 1, ignored: 3 });
  });

  it('delays the removal of the last failed pod of each index not settled nor active', () => {
    const s = spec();
    const older = pod('old', 0, 'Failed', { failures: 0, finishedAt: T0 });
    const newer = pod('new', 0, 'Failed', { failures: 1, finishedAt: T0 + 1000 });
    const delayed = podsWithDelayedDeletion(s, [newer, older, pod('x', 1, 'Failed'), pod('y', 2, 'Failed'), pod('z', 3, 'Succeeded')], [pod('r', 2, 'Running')], new Set([1]), T0);
    expect([...delayed.entries()].map(([ix, p]) => `${ix}:${p.metadata?.name}`)).toEqual(['0:new']);
  });

  it('an index backs off by its own failures: base doubled per earlier failure, from the last failure', () => {
    expect(remainingIndexBackoffMs(undefined, T0, 1000)).toBe(0);
    expect(remainingIndexBackoffMs(pod('a', 0, 'Failed', { failures: 0, finishedAt: T0 }), T0 + 400, 1000)).toBe(600);
    expect(remainingIndexBackoffMs(pod('a', 0, 'Failed', { failures: 1, ignored: 1, finishedAt: T0 }), T0 + 1000, 1000)).toBe(3000);
  });
});
