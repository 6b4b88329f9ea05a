import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { matchPodFailurePolicy, type PodFailurePolicy } from './pod-failure-policy.js';

const failedPod = (status: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pi-abcde', namespace: 'ns' }, status: { phase: 'Failed', ...status } });
const exited = (name: string, exitCode: number) => ({ name, state: { terminated: { exitCode } } });

describe('matchPodFailurePolicy', () => {
  it('without a policy, or when no rule matches, the failure counts as usual', () => {
    const pod = failedPod({ containerStatuses: [exited('main', 1)] });
    expect(matchPodFailurePolicy(undefined, pod)).toEqual({ action: undefined, countFailed: true });
    expect(matchPodFailurePolicy({ rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] }, pod)).toEqual({ action: undefined, countFailed: true });
  });

  it('FailJob on an exit code In the values: upstream\'s message names the container, the pod, the code and the rule\'s index', () => {
    const policy: PodFailurePolicy = {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        { action: 'FailJob', onExitCodes: { operator: 'In', values: [3, 42] } },
      ],
    };
    expect(matchPodFailurePolicy(policy, failedPod({ containerStatuses: [exited('side', 0), exited('main', 42)] }))).toEqual({
      action: 'FailJob',
      countFailed: true,
      message: 'Container main for pod ns/pi-abcde failed with exit code 42 matching FailJob rule at index 1',
    });
  });

  it('NotIn matches any other non-zero code; exit code 0 and running containers never match; a named container only', () => {
    const notIn: PodFailurePolicy = { rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [1] } }] };
    expect(matchPodFailurePolicy(notIn, failedPod({ containerStatuses: [exited('main', 2)] })).action).toBe('Count');
    expect(matchPodFailurePolicy(notIn, failedPod({ containerStatuses: [exited('main', 1)] })).action).toBeUndefined();
    expect(matchPodFailurePolicy(notIn, failedPod({ containerStatuses: [exited('main', 0), { name: 'side', state: { running: {} } }] })).action).toBeUndefined();
    const named: PodFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'init', operator: 'In', values: [5] } }] };
    expect(matchPodFailurePolicy(named, failedPod({ containerStatuses: [exited('main', 5)] })).action).toBeUndefined();
    expect(matchPodFailurePolicy(named, failedPod({ containerStatuses: [exited('main', 5)], initContainerStatuses: [exited('init', 5)] })).message).toBe(
      'Container init for pod ns/pi-abcde failed with exit code 5 matching FailJob rule at index 0',
    );
  });

  it('onPodConditions matches type and status (True by default); Ignore does not count; the first matching rule decides; unknown actions are skipped', () => {
    const disrupted = failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'True' }], containerStatuses: [exited('main', 137)] });
    const policy: PodFailurePolicy = {
      rules: [
        { action: 'Explode', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'Ignore', onPodConditions: [{ type: 'Ready', status: 'True' }, { type: 'DisruptionTarget' }] },
        { action: 'FailJob', onExitCodes: { operator: 'In', values: [137] } },
      ],
    };
    expect(matchPodFailurePolicy(policy, disrupted)).toEqual({ action: 'Ignore', countFailed: false });
    const failJobFirst: PodFailurePolicy = { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }, policy.rules[1]!] };
    expect(matchPodFailurePolicy(failJobFirst, disrupted).message).toBe('Pod ns/pi-abcde has condition DisruptionTarget matching FailJob rule at index 0');
    expect(matchPodFailurePolicy({ rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'False' }] }] }, disrupted).action).toBeUndefined();
  });
});
