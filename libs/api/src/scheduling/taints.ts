/** core/v1 Taint. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
  readonly timeAdded?: string;
}

/** core/v1 Toleration. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

/** Toleration.ToleratesTaint: an empty effect or key matches any; `Exists` ignores the value; an empty operator is `Equal`. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator || 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint with one of `effects` no toleration tolerates. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: ReadonlySet<string>): Taint | undefined {
  return taints.find((taint) => effects.has(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}
