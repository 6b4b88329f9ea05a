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
