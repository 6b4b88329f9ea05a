import { rfc3339, type KubeObject } from '@kubeledger/api';
import type { StepResult } from './scheduler.reconcile-bind.js';

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
  [field: string]: unknown;
}

export interface UnschedulableDeps {
  /** A JSON merge patch of pods/<name>/status (with `metadata.resourceVersion` as precondition). */
  readonly patchStatus: (pod: KubeObject, patch: Record<string, unknown>) => Promise<void>;
  /** The pod as the server has it now (after a conflict); undefined when it is gone. */
  readonly getPod: (pod: KubeObject) => Promise<KubeObject | undefined>;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly event: (pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;
  readonly log: (message: string) => void;
  readonly now: () => Date;
}

const CONFLICT_ATTEMPTS = 3;

/**
 * No node fits `pod` (upstream's handleSchedulingFailure): records the Warning event
 * `FailedScheduling` and sets condition `PodScheduled=False`, reason `Unschedulable`, with the
 * same message — written only when it changes, its `lastTransitionTime` kept while the status
 * stays False. A pod bound or deleted meanwhile needs nothing.
 */
export async function reconcileUnschedulable(pod: KubeObject, message: string, deps: UnschedulableDeps): Promise<StepResult> {
  deps.event(pod, 'Warning', 'FailedScheduling', message);
  let current: KubeObject | undefined = pod;
  for (let attempt = 1; current; attempt++) {
    if ((current['spec'] as { nodeName?: string } | undefined)?.nodeName) return 'continue';
    const patch = unschedulableStatusPatch(current, message, deps.now());
    if (!patch) return 'continue';
    try {
      await deps.patchStatus(current, patch);
      return 'continue';
    } catch (err) {
      if (deps.isNotFound(err)) return 'continue';
      if (!deps.isConflict(err) || attempt >= CONFLICT_ATTEMPTS) {
        deps.log(`could not set PodScheduled=False on ${current.metadata?.namespace}/${current.metadata?.name}: ${(err as Error).message}`);
        return 'requeue';
      }
    }
    current = await deps.getPod(current);
  }
  return 'continue';
}

/** The status patch that sets PodScheduled=False/Unschedulable with `message`; undefined when the pod already says so. */
export function unschedulableStatusPatch(pod: KubeObject, message: string, now: Date): Record<string, unknown> | undefined {
  const conditions = ((pod['status'] ?? {}) as { conditions?: PodCondition[] }).conditions ?? [];
  const existing = conditions.find((c) => c.type === 'PodScheduled');
  if (existing && existing.status === 'False' && existing.reason === 'Unschedulable' && existing.message === message) return undefined;
  const condition: PodCondition = {
    type: 'PodScheduled',
    status: 'False',
    reason: 'Unschedulable',
    message,
    lastProbeTime: null,
    lastTransitionTime: existing?.status === 'False' && existing.lastTransitionTime ? existing.lastTransitionTime : rfc3339(now),
  };
  const next = existing ? conditions.map((c) => (c === existing ? condition : c)) : [...conditions, condition];
  return { metadata: { resourceVersion: pod.metadata?.resourceVersion }, status: { conditions: next } };
}
