import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { statusStrategy } from '../status-strategy.js';
import { strategyHarness } from '../testing/strategy-harness.js';
import { jobStatusStrategy } from './job-status-strategy.js';
import { jobStrategy } from './job-strategy.js';

const jobs = strategyHarness('batch', 'jobs', jobStrategy);
const status = strategyHarness('batch', 'jobs', (def) => jobStatusStrategy(statusStrategy(jobStrategy(def))));
const created = jobs.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } } });
const withStatus = (s: Record<string, unknown>, from: KubeObject = created): KubeObject => ({ ...from, status: s });
const T = '2026-03-01T12:00:00Z';
const cond = (type: string) => ({ type, status: 'True', reason: 'R', message: 'm', lastProbeTime: T, lastTransitionTime: T });

describe('job status strategy (ValidateJobStatusUpdate)', () => {
  it('accepts what the Job controller writes, step by step to Complete', () => {
    const running = withStatus({ startTime: T, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: { succeeded: ['u1'] } });
    expect(status.updateError(running, created)).toBe('');
    const met = withStatus({ startTime: T, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [cond('SuccessCriteriaMet')] });
    expect(status.updateError(met, running)).toBe('');
    const done = withStatus({ startTime: T, completionTime: T, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [cond('SuccessCriteriaMet'), cond('Complete')] });
    expect(status.updateError(done, met)).toBe('');
  });

  it('refuses negative counters, more ready pods than active, and uncounted pods named twice or blank', () => {
    expect(status.updateError(withStatus({ active: -1, ready: 2 }), created)).toBe(
      'Job.batch "pi" is invalid: [status.active: Invalid value: -1: must be greater than or equal to 0, status.ready: Invalid value: 2: cannot set more ready pods than active]',
    );
    expect(status.updateError(withStatus({ uncountedTerminatedPods: { succeeded: ['a', ''], failed: ['a'] } }), created)).toBe(
      'Job.batch "pi" is invalid: [status.uncountedTerminatedPods.succeeded[1]: Invalid value: "": must not be empty, status.uncountedTerminatedPods.failed[0]: Duplicate value: "a"]',
    );
  });

  it('refuses a terminal condition without its interim one, or without the times a finished Job has', () => {
    expect(status.updateError(withStatus({ startTime: T, conditions: [cond('Failed')] }), created)).toBe(
      'Job.batch "pi" is invalid: status.conditions: Invalid value: cannot set Failed=True condition without the FailureTarget=true condition',
    );
    expect(status.updateError(withStatus({ startTime: T, completionTime: T, conditions: [cond('Complete')] }), created)).toBe(
      'Job.batch "pi" is invalid: status.conditions: Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition',
    );
    expect(status.updateError(withStatus({ conditions: [cond('SuccessCriteriaMet'), cond('Complete')], active: 1 }), created)).toBe(
      'Job.batch "pi" is invalid: [status.completionTime: Required value: completionTime is required for Complete jobs, status.active: Invalid value: 1: active>0 is invalid for finished job, status.startTime: Required value: startTime is required for finished job]',
    );
  });

  it('refuses taking a terminal condition back or decreasing a counter', () => {
    const failed = withStatus({ startTime: T, failed: 2, conditions: [cond('FailureTarget'), cond('Failed')] });
    expect(status.updateError(withStatus({ startTime: T, failed: 1 }), failed)).toBe(
      'Job.batch "pi" is invalid: [status.conditions: Invalid value: cannot disable the terminal Failed=True condition, status.conditions: Invalid value: cannot disable the terminal FailureTarget=True condition, status.failed: Invalid value: 1: cannot decrease the failed counter]',
    );
  });
});

describe('job status strategy: completedIndexes and failedIndexes', () => {
  const indexed = (spec: Record<string, unknown>) =>
    jobs.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { completionMode: 'Indexed', completions: 5, parallelism: 2, ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
    });
  const perIndex = indexed({ backoffLimitPerIndex: 1 });

  it('accepts ordered intervals below completions that do not overlap', () => {
    expect(status.updateError(withStatus({ completedIndexes: '0,1', failedIndexes: '2-4' }, perIndex), perIndex)).toBe('');
    expect(status.updateError(withStatus({ completedIndexes: '', failedIndexes: '' }, perIndex), perIndex)).toBe('');
  });

  it('refuses completedIndexes and failedIndexes that do not parse, are out of order, or reach completions', () => {
    expect(status.updateError(withStatus({ completedIndexes: '1,3-5' }, perIndex), perIndex)).toBe(
      'Job.batch "pi" is invalid: status.completedIndexes: Invalid value: "1,3-5": error parsing completedIndexes: too large index: "5"',
    );
    expect(status.updateError(withStatus({ completedIndexes: '3,1' }, perIndex), perIndex)).toBe(
      'Job.batch "pi" is invalid: status.completedIndexes: Invalid value: "3,1": error parsing completedIndexes: non-increasing order, previous: 3, current: 1',
    );
    expect(status.updateError(withStatus({ failedIndexes: '0-a' }, perIndex), perIndex)).toBe(
      'Job.batch "pi" is invalid: status.failedIndexes: Invalid value: "0-a": error parsing failedIndexes: cannot convert string to integer for index: "a"',
    );
    expect(status.updateError(withStatus({ failedIndexes: '1-2-3' }, perIndex), perIndex)).toBe(
      `Job.batch "pi" is invalid: status.failedIndexes: Invalid value: "1-2-3": error parsing failedIndexes: the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by '-'`,
    );
  });

  it('refuses failedIndexes overlapping completedIndexes', () => {
    expect(status.updateError(withStatus({ completedIndexes: '0-2', failedIndexes: '2,4' }, perIndex), perIndex)).toBe(
      'Job.batch "pi" is invalid: status.failedIndexes: Invalid value: "2,4": failedIndexes and completedIndexes overlap at index: 2',
    );
    expect(status.updateError(withStatus({ completedIndexes: '0,3', failedIndexes: '1-4' }, perIndex), perIndex)).toBe(
      'Job.batch "pi" is invalid: status.failedIndexes: Invalid value: "1-4": failedIndexes and completedIndexes overlap at index: 3',
    );
  });

  it('refuses failedIndexes, even empty, without backoffLimitPerIndex, and completedIndexes of a NonIndexed Job', () => {
    const plain = indexed({});
    expect(status.updateError(withStatus({ failedIndexes: '' }, plain), plain)).toBe(
      'Job.batch "pi" is invalid: status.failedIndexes: Invalid value: "": cannot set non-null failedIndexes when backoffLimitPerIndex is null',
    );
    // The format is not checked without backoffLimitPerIndex, the overlap is.
    expect(status.updateError(withStatus({ completedIndexes: '1', failedIndexes: '1,9' }, plain), plain)).toBe(
      'Job.batch "pi" is invalid: [status.failedIndexes: Invalid value: "1,9": cannot set non-null failedIndexes when backoffLimitPerIndex is null, status.failedIndexes: Invalid value: "1,9": failedIndexes and completedIndexes overlap at index: 1]',
    );
    expect(status.updateError(withStatus({ completedIndexes: '0' }), created)).toBe(
      'Job.batch "pi" is invalid: status.completedIndexes: Invalid value: "0": cannot set non-empty completedIndexes when non-indexed completion mode',
    );
  });

  it('checks them only when they change: a status written before is left as it is', () => {
    const stale = withStatus({ completedIndexes: '3,1', failedIndexes: '1' }, perIndex);
    expect(status.updateError(withStatus({ completedIndexes: '3,1', failedIndexes: '1', active: 1 }, perIndex), stale)).toBe('');
    // A change of failedIndexes checks it, and its overlap with completedIndexes, not completedIndexes' format.
    expect(status.updateError(withStatus({ completedIndexes: '3,1', failedIndexes: '3', active: 1 }, perIndex), stale)).toBe(
      'Job.batch "pi" is invalid: status.failedIndexes: Invalid value: "3": failedIndexes and completedIndexes overlap at index: 3',
    );
  });
});
