import type { KubeObject } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';

export interface EvictPodDeps {
  readonly getFreshPod: (namespace: string, name: string) => Promise<KubeObject>;
  /** A strategic merge patch of the pod's `status` (conditions merge by type), conditional on its uid. */
  readonly patchPodStatus: (pod: KubeObject, patch: Record<string, unknown>) => Promise<KubeObject>;
  readonly deletePod: (namespace: string, name: string) => Promise<void>;
  readonly event: (object: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

const RETRIES = 5;

/**
 * deletePodHandler + addConditionAndDeletePod: records `TaintManagerEviction`, then (up to 5
 * tries) marks the pod `DisruptionTarget` (reason `DeletionByTaintManager`) unless it already is,
 * and deletes it. A pod already gone is done.
 */
export async function evictPod(namespace: string, name: string, deps: EvictPodDeps): Promise<void> {
  deps.event({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } }, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`);
  let lastError: unknown;
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    try {
      await addConditionAndDelete(namespace, name, deps);
      return;
    } catch (err) {
      if (deps.isNotFound(err)) return;
      lastError = err;
      await deps.sleep(10);
    }
  }
  throw lastError;
}

interface PodCondition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

async function addConditionAndDelete(namespace: string, name: string, deps: EvictPodDeps): Promise<void> {
  const pod = await deps.getFreshPod(namespace, name);
  const conditions = ((pod['status'] as { conditions?: PodCondition[] } | undefined)?.conditions ?? []) as readonly PodCondition[];
  const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
  const existing = conditions.find((c) => c.type === condition.type);
  if (!existing || existing.status !== condition.status || existing.reason !== condition.reason || existing.message !== condition.message) {
    const lastTransitionTime = existing?.status === condition.status ? (existing as { lastTransitionTime?: string }).lastTransitionTime : deps.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await deps.patchPodStatus(pod, { metadata: { uid: pod.metadata?.uid }, status: { conditions: [{ ...condition, lastTransitionTime }] } });
  }
  await deps.deletePod(namespace, name);
}
