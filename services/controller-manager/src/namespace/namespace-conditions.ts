/** A namespace status condition (v1.NamespaceCondition). */
export interface NamespaceCondition {
  readonly type: string;
  readonly status: 'True' | 'False';
  readonly lastTransitionTime: string;
  readonly reason: string;
  readonly message: string;
}

/** The conditions the namespace controller maintains, in upstream's order. */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;
export type NamespaceConditionType = (typeof NAMESPACE_CONDITION_TYPES)[number];

/** What each condition says when nothing is wrong (upstream's okReasons and okMessages). */
const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one round of content deletion found (upstream's namespaceConditionUpdater inputs). */
export interface DeletionFindings {
  /** Discovery failed (in part): its message. */
  readonly discoveryError?: string;
  /** Errors deleting or listing content, one per resource. */
  readonly contentErrors: readonly string[];
  /** Objects left, by resource (`pods.`, `deployments.apps`: resource and group, as upstream prints them). */
  readonly remainingByResource: ReadonlyMap<string, number>;
  /** Objects left, by the finalizer holding them. */
  readonly remainingByFinalizer: ReadonlyMap<string, number>;
}

const entriesOf = (counts: ReadonlyMap<string, number>, format: (key: string, n: number) => string) =>
  [...counts].filter(([, n]) => n > 0).map(([key, n]) => format(key, n)).sort();

/** The failing conditions for the findings (the others are reported as their ok variant). */
export function failingConditions(findings: DeletionFindings, now: string): NamespaceCondition[] {
  const failing: NamespaceCondition[] = [];
  const add = (type: NamespaceConditionType, reason: string, message: string) => failing.push({ type, status: 'True', lastTransitionTime: now, reason, message });
  if (findings.discoveryError !== undefined) add('NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', findings.discoveryError);
  if (findings.contentErrors.length > 0) {
    const messages = [...findings.contentErrors].sort();
    add('NamespaceDeletionContentFailure', 'ContentDeletionFailed', `Failed to delete all resource types, ${messages.length} remaining: ${messages.join(', ')}`);
  }
  const resources = entriesOf(findings.remainingByResource, (r, n) => `${r} has ${n} resource instances`);
  if (resources.length > 0) add('NamespaceContentRemaining', 'SomeResourcesRemain', `Some resources are remaining: ${resources.join(', ')}`);
  const finalizers = entriesOf(findings.remainingByFinalizer, (f, n) => `${f} in ${n} resource instances`);
  if (finalizers.length > 0) add('NamespaceFinalizersRemaining', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`);
  return failing;
}

/**
 * updateConditions: every maintained condition set to its failing or ok variant; a condition
 * keeps its lastTransitionTime unless its status, reason or message changes. Other conditions
 * stay as they are. `changed` says whether a status write is due.
 */
export function updateConditions(current: readonly NamespaceCondition[], failing: readonly NamespaceCondition[], now: string): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = [...current];
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const wanted = failing.find((c) => c.type === type) ?? { type, status: 'False' as const, lastTransitionTime: now, ...OK[type] };
    const i = conditions.findIndex((c) => c.type === type);
    if (i < 0) {
      conditions.push(wanted);
      changed = true;
    } else {
      const old = conditions[i]!;
      if (old.status !== wanted.status || old.reason !== wanted.reason || old.message !== wanted.message) {
        conditions[i] = { ...old, status: wanted.status, reason: wanted.reason, message: wanted.message, lastTransitionTime: wanted.lastTransitionTime };
        changed = true;
      }
    }
  }
  return { conditions, changed };
}
