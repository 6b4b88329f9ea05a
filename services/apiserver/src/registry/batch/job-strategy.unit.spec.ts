import { describe, expect, it } from 'vitest';
import { strategyHarness } from '../testing/strategy-harness.js';
import { jobStrategy } from './job-strategy.js';

const jobs = strategyHarness('batch', 'jobs', jobStrategy);
const job = (podSpec: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi' },
  spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], ...podSpec } }, ...spec },
});

describe('job strategy', () => {
  it('generates the selector from the job uid and labels its pods, and sets the defaults', () => {
    const created = jobs.create(job({ restartPolicy: 'Never' }));
    const uid = created.metadata!.uid!;
    expect(created['spec']).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' } } },
    });
  });

  it('wants pods that restart OnFailure or Never, and keeps its selector', () => {
    expect(jobs.createError(job({}))).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { manualSelector: true }))).toBe(
      'Job.batch "pi" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`]',
    );
    const created = jobs.create(job({ restartPolicy: 'OnFailure' }));
    const spec = created['spec'] as Record<string, unknown>;
    expect(jobs.updateError({ ...created, spec: { ...spec, selector: { matchLabels: { other: 'x' } } } }, created)).toMatch(/^Job.batch "pi" is invalid: \[spec.template.metadata.labels: Invalid value: .*`selector` does not match template `labels`, spec.selector: Invalid value: \{"matchLabels":\{"other":"x"\}\}: field is immutable\]$/);
    expect(jobs.updateError({ ...created, spec: { ...spec, parallelism: 3 } }, created)).toBe('');
  });
});

describe('job strategy: podReplacementPolicy', () => {
  it('accepts Failed and TerminatingOrFailed without a podFailurePolicy, and refuses any other value', () => {
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { podReplacementPolicy: 'Failed' }))).toBe('');
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { podReplacementPolicy: 'TerminatingOrFailed' }))).toBe('');
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { podReplacementPolicy: 'Terminating' }))).toBe(
      'Job.batch "pi" is invalid: spec.podReplacementPolicy: Unsupported value: "Terminating": supported values: "Failed", "TerminatingOrFailed"',
    );
    const created = jobs.create(job({ restartPolicy: 'Never' }));
    expect(jobs.updateError({ ...created, spec: { ...(created['spec'] as object), podReplacementPolicy: 'Never' } }, created)).toBe(
      'Job.batch "pi" is invalid: spec.podReplacementPolicy: Unsupported value: "Never": supported values: "Failed", "TerminatingOrFailed"',
    );
  });
});

describe('job strategy: podFailurePolicy', () => {
  const rule = (r: Record<string, unknown>) => ({ podFailurePolicy: { rules: [r] } });

  it('defaults podReplacementPolicy to Failed and an onPodConditions pattern\'s status to True; accepts valid rules', () => {
    const created = jobs.create(
      job({ restartPolicy: 'Never' }, { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'pi', operator: 'In', values: [1, 42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }),
    );
    expect(created['spec']).toMatchObject({ podReplacementPolicy: 'Failed', podFailurePolicy: { rules: [{ action: 'FailJob' }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } });
  });

  it('wants restartPolicy Never and podReplacementPolicy Failed', () => {
    const pfp = rule({ action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } });
    expect(jobs.createError(job({ restartPolicy: 'OnFailure' }, pfp))).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified');
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { ...pfp, podReplacementPolicy: 'TerminatingOrFailed' }))).toBe(
      'Job.batch "pi" is invalid: spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
    );
  });

  it('rejects bad rules with upstream\'s messages', () => {
    const err = (r: Record<string, unknown>) => jobs.createError(job({ restartPolicy: 'Never' }, rule(r)));
    const p = 'spec.podFailurePolicy.rules[0]';
    expect(err({ action: 'FailJob' })).toBe(`Job.batch "pi" is invalid: ${p}: Invalid value: specifying one of OnExitCodes and OnPodConditions is required`);
    expect(err({ action: 'Explode', onExitCodes: { operator: 'In', values: [1] } })).toBe(`Job.batch "pi" is invalid: ${p}.action: Unsupported value: "Explode": supported values: "Count", "FailIndex", "FailJob", "Ignore"`);
    expect(err({ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } })).toBe(`Job.batch "pi" is invalid: ${p}.action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set`);
    expect(err({ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'Ready', status: 'True' }] })).toBe(
      `Job.batch "pi" is invalid: ${p}: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported`,
    );
    expect(err({ action: 'FailJob', onExitCodes: { containerName: 'nope', operator: 'In', values: [3, 0, 3] } })).toBe(
      `Job.batch "pi" is invalid: [${p}.onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template, ` +
        `${p}.onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator, ${p}.onExitCodes.values[2]: Duplicate value: 3, ${p}.onExitCodes.values: Invalid value: [3,0,3]: must be ordered]`,
    );
    expect(err({ action: 'FailJob', onExitCodes: { operator: 'Between', values: [] } })).toBe(
      `Job.batch "pi" is invalid: [${p}.onExitCodes.operator: Unsupported value: "Between": supported values: "In", "NotIn", ${p}.onExitCodes.values: Invalid value: []: at least one value is required]`,
    );
    expect(err({ action: 'Ignore', onPodConditions: [{ type: 'Bad Type', status: 'Maybe' }] })).toMatch(
      new RegExp(`^Job.batch "pi" is invalid: \\[${p.replace(/[[\]]/g, '\\$&')}.onPodConditions\\[0\\].type: Invalid value: "Bad Type": .*, ${p.replace(/[[\]]/g, '\\$&')}.onPodConditions\\[0\\].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"\\]$`),
    );
    const many = { podFailurePolicy: { rules: Array.from({ length: 21 }, () => ({ action: 'Count', onExitCodes: { operator: 'In', values: [1] } })) } };
    expect(jobs.createError(job({ restartPolicy: 'Never' }, many))).toBe('Job.batch "pi" is invalid: spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items');
  });
});

describe('job strategy: backoffLimitPerIndex', () => {
  it('defaults backoffLimit to the max int32, and wants the Indexed mode, maxFailedIndexes with backoffLimitPerIndex and at most completions', () => {
    const created = jobs.create(job({ restartPolicy: 'Never' }, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 2 }));
    expect(created['spec']).toMatchObject({ backoffLimit: 2147483647, backoffLimitPerIndex: 1, maxFailedIndexes: 2 });
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { backoffLimitPerIndex: 1 }))).toBe('Job.batch "pi" is invalid: spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode');
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { completionMode: 'Indexed', completions: 3, maxFailedIndexes: 4 }))).toBe(
      'Job.batch "pi" is invalid: [spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified, spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions]',
    );
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: -1 }))).toMatch(/spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0/);
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 0, podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] } }))).toBe('');
  });
});

describe('job strategy: successPolicy', () => {
  const indexed = (successPolicy: unknown) => job({ restartPolicy: 'Never' }, { completionMode: 'Indexed', completions: 5, successPolicy });

  it('accepts rules of succeededIndexes, succeededCount or both, on an Indexed job', () => {
    expect(jobs.createError(indexed({ rules: [{ succeededIndexes: '0,2-4' }, { succeededCount: 2 }, { succeededIndexes: '1-3', succeededCount: 3 }] }))).toBe('');
  });

  it('rejects bad policies with upstream\'s messages', () => {
    expect(jobs.createError(job({ restartPolicy: 'Never' }, { completions: 5, successPolicy: { rules: [{ succeededCount: 1 }] } }))).toBe('Job.batch "pi" is invalid: spec.completionMode: Invalid value: "NonIndexed": requires indexed completion mode');
    expect(jobs.createError(indexed({ rules: [] }))).toBe('Job.batch "pi" is invalid: spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified');
    expect(jobs.createError(indexed({ rules: [{}] }))).toBe('Job.batch "pi" is invalid: spec.successPolicy.rules[0]: Required value: at least one of succeededIndexes, succeededCount fields must be specified');
    expect(jobs.createError(indexed({ rules: [{ succeededIndexes: '3,1' }] }))).toBe('Job.batch "pi" is invalid: spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1');
    expect(jobs.createError(indexed({ rules: [{ succeededIndexes: '0-5' }] }))).toMatch(/error parsing succeededIndexes: too large index: "5"$/);
    expect(jobs.createError(indexed({ rules: [{ succeededIndexes: '1-2-3' }] }))).toMatch(/the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by '-'$/);
    expect(jobs.createError(indexed({ rules: [{ succeededIndexes: 'a' }] }))).toMatch(/cannot convert string to integer for index: "a"$/);
    expect(jobs.createError(indexed({ rules: [{ succeededIndexes: '0-1', succeededCount: 3 }] }))).toBe(
      'Job.batch "pi" is invalid: spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
    );
    expect(jobs.createError(indexed({ rules: [{ succeededCount: 6 }] }))).toMatch(/succeededCount: Invalid value: 6: must be less than or equal to 5 \(the number of specified completions\)$/);
    expect(jobs.createError(indexed({ rules: Array.from({ length: 21 }, () => ({ succeededCount: 1 })) }))).toMatch(/spec.successPolicy.rules: Too many: 21: must have at most 20 items/);
  });

  it('keeps the policy as created', () => {
    const created = jobs.create(indexed({ rules: [{ succeededCount: 2 }] }));
    const changed = { ...created, spec: { ...(created['spec'] as object), successPolicy: { rules: [{ succeededCount: 3 }] } } };
    expect(jobs.updateError(changed, created)).toMatch(/spec.successPolicy: Invalid value: .*: field is immutable/);
    expect(jobs.updateError(created, created)).toBe('');
  });
});
