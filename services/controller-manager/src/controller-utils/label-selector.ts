import type { LabelRequirement } from '@kubeledger/api';
import { matchesLabels } from '@kubeledger/api';

/** metav1.LabelSelector, as workloads carry it in `spec.selector`. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/**
 * metav1.LabelSelectorAsSelector as a list of requirements: `null` for a missing selector (it
 * selects nothing) or one with an unknown operator (upstream's conversion error); `[]` for an
 * empty selector (everything).
 */
export function labelSelectorRequirements(selector: LabelSelector | undefined | null): LabelRequirement[] | null {
  if (!selector || typeof selector !== 'object') return null;
  const requirements: LabelRequirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, op: 'in', values: [value] }));
  for (const e of selector.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In':
        requirements.push({ key: e.key, op: 'in', values: [...(e.values ?? [])] });
        break;
      case 'NotIn':
        requirements.push({ key: e.key, op: 'notin', values: [...(e.values ?? [])] });
        break;
      case 'Exists':
        requirements.push({ key: e.key, op: 'exists' });
        break;
      case 'DoesNotExist':
        requirements.push({ key: e.key, op: '!' });
        break;
      default:
        return null;
    }
  }
  return requirements;
}

/**
 * A matcher for the selector; a missing or invalid selector matches nothing. With `nonEmpty`, an
 * empty selector matches nothing either (upstream's `GetPodReplicaSets` skips selectors that
 * select everything when it looks for a pod's controllers).
 */
export function labelSelectorMatcher(selector: LabelSelector | undefined | null, options: { nonEmpty?: boolean } = {}): (labels: Readonly<Record<string, string>>) => boolean {
  const requirements = labelSelectorRequirements(selector);
  if (requirements === null || (options.nonEmpty && requirements.length === 0)) return () => false;
  return (labels) => matchesLabels(requirements, labels);
}
