import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullStack } from './support/full-stack.js';
import { useFullStack } from './support/use-full-stack.js';

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}
interface Job {
  readonly metadata: { readonly name: string; readonly uid: string };
  readonly spec: Record<string, unknown>;
  readonly status: {
    readonly startTime?: string;
    readonly completionTime?: string;
    readonly active?: number;
    readonly ready?: number;
    readonly terminating?: number;
    readonly succeeded?: number;
    readonly failed?: number;
    readonly completedIndexes?: string;
    readonly failedIndexes?: string;
    readonly uncountedTerminatedPods?: Record<string, unknown>;
    readonly conditions?: Condition[];
  };
}
interface Pod {
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly finalizers?: string[]; readonly ownerReferences?: Array<Record<string, unknown>> };
  readonly status?: { readonly phase?: string };
}

/**
 * Jobs on a full stack whose kubelet runs containers as host processes (`sh -c …` really runs),
 * driven by the real kubectl: completions with parallelism, a Job failing past its backoffLimit,
 * one past its activeDeadlineSeconds, an Indexed Job, the delete that takes its pods along, and a
 * Job the TTL-after-finished controller deletes, one failed by its podFailurePolicy, and an Indexed
 * Job with backoffLimitPerIndex.
 * The Job controller's pod failure backoff is 1 s here (upstream's 10 s).
 */
describe('kubectl 1.35: Jobs through the Job controller', () => {
  const started = useFullStack({ nodes: 1, env: { KUBELEDGER_JOB_POD_FAILURE_BACKOFF_SECONDS: '1' } });
  let stack: FullStack;
  let dir = '';
  beforeAll(() => {
    stack = started();
    dir = mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-jobs-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const getJob = async (name: string) => JSON.parse(await kubectl('get', 'job', name, '-o', 'json')) as Job;
  const podsOf = async (job: string) => (JSON.parse(await kubectl('get', 'pods', '-l', `batch.kubernetes.io/job-name=${job}`, '-o', 'json')) as { items: Pod[] }).items;
  const conditions = (job: Job) => (job.status.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
  const eventsOf = async (job: string) =>
    (await kubectl('get', 'events', '--field-selector', `involvedObject.kind=Job,involvedObject.name=${job}`, '-o', 'jsonpath={range .items[*]}{.type} {.reason}{"\\n"}{end}')).split('\n').filter(Boolean);
  /** `kubectl create job` writes the Job (its generator, dry-run), `change` adds to its spec, `kubectl create -f` sends it. */
  const createJob = async (name: string, spec: Record<string, unknown>, ...command: string[]) => {
    const job = JSON.parse(await kubectl('create', 'job', name, '--image=busybox', '--dry-run=client', '-o', 'json', '--', ...command)) as Job;
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ ...job, spec: { ...job.spec, ...spec } }));
    expect(await kubectl('create', '-f', file)).toBe(`job.batch/${name} created\n`);
  };
  const waitFor = async (name: string, condition: 'complete' | 'failed') => {
    const r = await stack.kubectl.run('wait', `--for=condition=${condition}`, `job/${name}`, '--timeout=120s');
    if (r.code !== 0) throw new Error(`kubectl wait exited ${r.code}: ${r.stderr}\n${await stack.diagnostics()}`);
    expect(r.stdout).toBe(`job.batch/${name} condition met\n`);
  };

  it('runs completions 3 with parallelism 2 to Complete: kubectl wait returns, 3 succeeded pods, counted and freed', async () => {
    await createJob('ok', { completions: 3, parallelism: 2 }, 'sh', '-c', 'exit 0');
    await waitFor('ok', 'complete');
    const job = await getJob('ok');
    expect(conditions(job)).toEqual(['SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods', 'Complete=True CompletionsReached: Reached expected number of succeeded pods']);
    expect(job.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(job.status.active).toBeUndefined();
    expect(job.status.failed).toBeUndefined();
    expect(Date.parse(job.status.completionTime!)).toBeGreaterThanOrEqual(Date.parse(job.status.startTime!));
    const pods = await podsOf('ok');
    expect(pods.map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    for (const pod of pods) {
      expect(pod.metadata.labels).toMatchObject({ 'batch.kubernetes.io/controller-uid': job.metadata.uid, 'batch.kubernetes.io/job-name': 'ok', 'controller-uid': job.metadata.uid, 'job-name': 'ok' });
      expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'ok', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      // The tracking finalizer went once the pod was counted.
      expect(pod.metadata.finalizers ?? []).toEqual([]);
    }
    const events = await eventsOf('ok');
    expect(events.filter((e) => e === 'Normal SuccessfulCreate')).toHaveLength(3);
    expect(events).toContain('Normal Completed');
    expect(await kubectl('get', 'job', 'ok', '-o', 'jsonpath={.status.succeeded}/{.spec.completions}')).toBe('3/3');
  });

  it('fails a Job past backoffLimit 1: FailureTarget then Failed, BackoffLimitExceeded, 2 failed pods', async () => {
    await createJob('fail', { backoffLimit: 1 }, 'sh', '-c', 'exit 1');
    await waitFor('fail', 'failed');
    const job = await getJob('fail');
    const message = 'Job has reached the specified backoff limit';
    expect(conditions(job)).toEqual([`FailureTarget=True BackoffLimitExceeded: ${message}`, `Failed=True BackoffLimitExceeded: ${message}`]);
    expect(job.status).toMatchObject({ failed: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(job.status.completionTime).toBeUndefined();
    expect((await podsOf('fail')).map((p) => p.status?.phase)).toEqual(['Failed', 'Failed']);
    expect(await eventsOf('fail')).toContain('Warning BackoffLimitExceeded');
  });

  it('fails a Job past activeDeadlineSeconds: DeadlineExceeded, its running pod deleted', async () => {
    await createJob('slow', { activeDeadlineSeconds: 2 }, 'sleep', '60');
    await waitFor('slow', 'failed');
    const job = await getJob('slow');
    const message = 'Job was active longer than specified deadline';
    expect(conditions(job)).toEqual([`FailureTarget=True DeadlineExceeded: ${message}`, `Failed=True DeadlineExceeded: ${message}`]);
    expect(job.status).toMatchObject({ failed: 1, terminating: 0 });
    await stack.waitFor('the slow pod gone', async () => (await podsOf('slow')).length === 0, 90_000);
    const events = await eventsOf('slow');
    expect(events).toContain('Normal SuccessfulDelete');
    expect(events).toContain('Warning DeadlineExceeded');
  });

  it('runs an Indexed Job: one pod per index with JOB_COMPLETION_INDEX, completedIndexes 0-2', async () => {
    await createJob('idx', { completionMode: 'Indexed', completions: 3, parallelism: 3 }, 'sh', '-c', 'echo index=$JOB_COMPLETION_INDEX');
    await waitFor('idx', 'complete');
    const job = await getJob('idx');
    expect(job.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
    const pods = await podsOf('idx');
    expect(pods.map((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    const one = pods.find((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === '1')!;
    expect(one.metadata.name).toMatch(/^idx-1-[a-z0-9]{5}$/);
    expect(await kubectl('logs', one.metadata.name)).toBe('index=1\n');
  });

  it('kubectl delete job removes the Job and its pods', async () => {
    expect(await podsOf('ok')).toHaveLength(3);
    expect(await kubectl('delete', 'job', 'ok')).toBe('job.batch "ok" deleted from default namespace\n');
    await stack.waitFor('the pods of ok gone', async () => (await podsOf('ok')).length === 0, 90_000);
    expect((await stack.kubectl.run('get', 'job', 'ok')).stderr).toBe('Error from server (NotFound): jobs.batch "ok" not found\n');
  });

  it('deletes a finished Job once ttlSecondsAfterFinished passed (the TTL-after-finished controller), its pods along', async () => {
    await createJob('ttl', { ttlSecondsAfterFinished: 2 }, 'sh', '-c', 'exit 0');
    await stack.waitFor('the ttl job gone', async () => (await stack.kubectl.run('get', 'job', 'ttl')).code !== 0, 90_000);
    expect((await stack.kubectl.run('get', 'job', 'ttl')).stderr).toBe('Error from server (NotFound): jobs.batch "ttl" not found\n');
    // It was deleted after it finished: its Events outlive it.
    expect(await eventsOf('ttl')).toContain('Normal Completed');
    await stack.waitFor('the pods of ttl gone', async () => (await podsOf('ttl')).length === 0, 90_000);
  });

  it('fails a Job whose container exits 42 at once by its podFailurePolicy FailJob rule: reason PodFailurePolicy, one pod', async () => {
    await createJob('pfp', { backoffLimit: 6, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, 'sh', '-c', 'exit 42');
    await waitFor('pfp', 'failed');
    const job = await getJob('pfp');
    expect(job.spec['podReplacementPolicy']).toBe('Failed');
    const pods = await podsOf('pfp');
    expect(pods.map((p) => p.status?.phase)).toEqual(['Failed']);
    const message = `Container pfp for pod default/${pods[0]!.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(conditions(job)).toEqual([`FailureTarget=True PodFailurePolicy: ${message}`, `Failed=True PodFailurePolicy: ${message}`]);
    expect(job.status).toMatchObject({ failed: 1, terminating: 0, uncountedTerminatedPods: {} });
    expect(await eventsOf('pfp')).toContain('Warning PodFailurePolicy');
  });

  it('an Indexed Job with backoffLimitPerIndex 1: index 1 fails twice and is marked failed, index 0 succeeds, the Job fails with FailedIndexes', async () => {
    await createJob('perindex', { completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 1 }, 'sh', '-c', 'test "$JOB_COMPLETION_INDEX" = 0');
    await waitFor('perindex', 'failed');
    const job = await getJob('perindex');
    expect(conditions(job)).toEqual(['FailureTarget=True FailedIndexes: Job has failed indexes', 'Failed=True FailedIndexes: Job has failed indexes']);
    expect(job.status).toMatchObject({ completedIndexes: '0', failedIndexes: '1', succeeded: 1, failed: 2, terminating: 0, uncountedTerminatedPods: {} });
    const pods = await podsOf('perindex');
    const failures = pods
      .filter((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === '1')
      .map((p) => `${p.status?.phase} ${(p.metadata as { annotations?: Record<string, string> }).annotations?.['batch.kubernetes.io/job-index-failure-count']}`)
      .sort();
    expect(failures).toEqual(['Failed 0', 'Failed 1']);
  });

  it('completes an Indexed Job by its successPolicy once index 0 succeeded: SuccessCriteriaMet then Complete (SuccessPolicy), the other indexes\' pods stopped', async () => {
    await createJob('leader', { completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } }, 'sh', '-c', 'if [ "$JOB_COMPLETION_INDEX" = 0 ]; then exit 0; fi; exec sleep 300');
    await waitFor('leader', 'complete');
    const job = await getJob('leader');
    expect(conditions(job)).toEqual(['SuccessCriteriaMet=True SuccessPolicy: Matched rules at index 0', 'Complete=True SuccessPolicy: Matched rules at index 0']);
    expect(job.status).toMatchObject({ completedIndexes: '0', succeeded: 1, terminating: 0, uncountedTerminatedPods: {} });
    expect(job.status.active).toBeUndefined(); // 0, which Go leaves out
    await stack.waitFor('the other pods of leader gone', async () => (await podsOf('leader')).every((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === '0'), 90_000);
  });
});
