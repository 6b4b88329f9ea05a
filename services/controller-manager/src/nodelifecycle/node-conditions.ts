import type { KubeObject } from '@kubeledger/api';

/** core/v1 NodeCondition. */
export interface NodeCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
}

/** A node's `status.conditions`. */
export const conditionsOf = (node: KubeObject): readonly NodeCondition[] =>
  ((node['status'] as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []) as readonly NodeCondition[];

/** controllerutil.GetNodeCondition. */
export const nodeCondition = (node: KubeObject, type: string): NodeCondition | undefined => conditionsOf(node).find((c) => c.type === type);
