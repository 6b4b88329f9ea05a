import { tolerates, type KubeObject, type Taint, type Toleration } from '@kubeledger/api';

/** A node's `spec.taints`. */
export const taintsOf = (node: KubeObject | undefined): readonly Taint[] => ((node?.['spec'] as { taints?: Taint[] } | undefined)?.taints ?? []) as readonly Taint[];

/** A pod's `spec.tolerations`. */
export const tolerationsOf = (pod: KubeObject | undefined): readonly Toleration[] =>
  ((pod?.['spec'] as { tolerations?: Toleration[] } | undefined)?.tolerations ?? []) as readonly Toleration[];

/** Taint.MatchTaint: the same key and effect (the value and time do not count). */
export const matchTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

/** taintutils.TaintExists: one of `taints` matches `taint`. */
export const taintExists = (taints: readonly Taint[], taint: Taint): boolean => taints.some((t) => matchTaint(t, taint));

/**
 * v1helper.GetMatchingTolerations: whether every taint is tolerated, and for each the first
 * toleration that tolerates it (nothing used when one is not).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const toleration = tolerations.find((t) => tolerates(t, taint));
    if (!toleration) return { allTolerated: false, used: [] };
    used.push(toleration);
  }
  return { allTolerated: true, used };
}

