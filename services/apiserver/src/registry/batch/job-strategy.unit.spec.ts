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
