import type { Toleration } from '@kubeledger/api';
import { isDeepStrictEqual } from 'node:util';

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/**
 * The tolerations every daemon pod gets (upstream's `AddOrUpdateDaemonPodTolerations`): it stays
 * on a node that is not ready or unreachable (NoExecute, for ever), and goes onto one under disk,
 * memory or PID pressure or cordoned (NoSchedule); with `hostNetwork`, also onto one whose network
 * is unavailable.
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  return [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [exists('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
  ];
}

/** Toleration.MatchToleration: the same key, operator, value and effect (tolerationSeconds aside). */
const sameToleration = (a: Toleration, b: Toleration) =>
  (a.key ?? '') === (b.key ?? '') && (a.operator || 'Equal') === (b.operator || 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

/**
 * A pod spec with the daemon tolerations added (upstream's `AddOrUpdateTolerationInPodSpec` for
 * each): a toleration of the spec matching one of them is replaced by it (so a user's
 * `tolerationSeconds` on `not-ready` does not evict the daemon), the others are appended.
 */
export function withDaemonPodTolerations(spec: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let tolerations = [...((spec['tolerations'] ?? []) as Toleration[])];
  for (const added of daemonPodTolerations(spec['hostNetwork'] === true)) {
    const at = tolerations.findIndex((t) => sameToleration(t, added));
    if (at < 0) tolerations = [...tolerations, added];
    else if (!isDeepStrictEqual(tolerations[at], added)) tolerations[at] = added;
  }
  return { ...spec, tolerations };
}
