import type { KubeObject } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';

export interface MarkPodsNotReadyDeps {
  /** PUT on the pod's `status` subresource, conditional on its resourceVersion. */
  readonly updatePodStatus: (pod: KubeObject) => Promise<KubeObject>;
  readonly event: (object: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
}

interface PodCondition {
  readonly type?: string;
  readonly status?: string;
  readonly [field: string]: unknown;
}

/**
 * controllerutil.MarkPodsNotReady: the Ready condition of each of the node's pods that has one
 * not False becomes False (a new lastTransitionTime), written through /status, with a
 * `NodeNotReady` warning on the pod. Pods gone meanwhile are skipped; other failures are thrown
 * together once every pod was tried (the node is retried on the next pass).
 */
export async function markPodsNotReady(nodeName: string, pods: readonly KubeObject[], deps: MarkPodsNotReadyDeps): Promise<void> {
  const errors: unknown[] = [];
  for (const pod of pods) {
    if ((pod['spec'] as { nodeName?: string } | undefined)?.nodeName !== nodeName) continue;
    const status = (pod['status'] ?? {}) as { conditions?: PodCondition[] };
    const conditions = status.conditions ?? [];
    const ready = conditions.findIndex((c) => c.type === 'Ready');
    if (ready < 0 || conditions[ready]!.status === 'False') continue;
    const stamp = deps.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const updated = conditions.map((c, i) => (i === ready ? { ...c, status: 'False', lastTransitionTime: stamp } : c));
    try {
      await deps.updatePodStatus({ ...pod, status: { ...status, conditions: updated } });
    } catch (err) {
      if (deps.isNotFound(err)) continue;
      errors.push(err);
    }
    deps.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `marking the pods of node ${nodeName} not ready failed ${errors.length} times`);
}
