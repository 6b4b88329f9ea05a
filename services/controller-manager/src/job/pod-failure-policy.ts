import type { KubeObject } from '@kubeledger/api';

/** batch/v1 PodFailurePolicy (as the apiserver validated and defaulted it). */
export interface PodFailurePolicyRule {
  readonly action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count' | string;
  readonly onExitCodes?: { readonly containerName?: string; readonly operator: 'In' | 'NotIn' | string; readonly values: readonly number[] } | null;
  readonly onPodConditions?: ReadonlyArray<{ readonly type: string; readonly status?: string }> | null;
}
export interface PodFailurePolicy {
  readonly rules: readonly PodFailurePolicyRule[];
}

/** What the first rule that matches a failed pod says (upstream's `matchPodFailurePolicy`). */
export interface PodFailureMatch {
  /** The rule's action; undefined when none matched (the failure counts as usual). */
  readonly action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count' | undefined;
  /** Whether the failure counts towards backoffLimit: all but Ignore. */
  readonly countFailed: boolean;
  /** For FailJob: the Job's failure message. */
  readonly message?: string;
}

const NO_MATCH: PodFailureMatch = { action: undefined, countFailed: true };

interface ContainerStatus {
  readonly name?: string;
  readonly state?: { readonly terminated?: { readonly exitCode?: number } };
}

/**
 * The first rule matching a failed pod decides (upstream's `matchPodFailurePolicy`): `onExitCodes`
 * matches a terminated container (the containers first, then the init containers) with a non-zero
 * exit code that is In / NotIn the values (of the named container only, if one is named);
 * `onPodConditions` matches a pod condition of that type and status. Rules with an action this
 * controller does not know are skipped.
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: KubeObject): PodFailureMatch {
  if (!policy) return NO_MATCH;
  const status = (pod['status'] ?? {}) as { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; conditions?: Array<{ type?: string; status?: string }> };
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  for (const [index, rule] of policy.rules.entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const container = matchingContainer(status.containerStatuses, rule.onExitCodes) ?? matchingContainer(status.initContainerStatuses, rule.onExitCodes);
      if (!container) continue;
      failJobMessage = `Container ${container.name} for pod ${namespace}/${name} failed with exit code ${container.state?.terminated?.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const patterns = rule.onPodConditions;
      const condition = (status.conditions ?? []).find((c) => patterns.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (!condition) continue;
      failJobMessage = `Pod ${namespace}/${name} has condition ${condition.type} matching ${rule.action} rule at index ${index}`;
    } else continue;
    switch (rule.action) {
      case 'Ignore':
        return { action: 'Ignore', countFailed: false };
      case 'Count':
        return { action: 'Count', countFailed: true };
      case 'FailIndex':
        return { action: 'FailIndex', countFailed: true };
      case 'FailJob':
        return { action: 'FailJob', countFailed: true, message: failJobMessage };
      default:
        continue;
    }
  }
  return NO_MATCH;
}

function matchingContainer(statuses: readonly ContainerStatus[] | undefined, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
  return (statuses ?? []).find((c) => {
    const code = c.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName !== undefined && req.containerName !== c.name) return false;
    const listed = req.values.includes(code);
    return req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false;
  });
}
