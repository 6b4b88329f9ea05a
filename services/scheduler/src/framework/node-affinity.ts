import type { KubeObject } from '@kubeledger/api';

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}
interface Term {
  matchExpressions?: Requirement[];
  matchFields?: Requirement[];
}

/**
 * Whether `node` satisfies the pod's `nodeSelector` and its required node affinity
 * (upstream's NodeAffinity filter): every nodeSelector label, and at least one of the
 * `nodeSelectorTerms`, each term's expressions (In, NotIn, Exists, DoesNotExist, Gt, Lt on labels)
 * and fields (`metadata.name`) all holding. An empty term matches nothing.
 */
export function matchesNodeSelectorAndAffinity(pod: KubeObject, node: KubeObject): boolean {
  const spec = (pod['spec'] ?? {}) as { nodeSelector?: Record<string, string>; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: Term[] } } } };
  const labels = (node.metadata?.['labels'] ?? {}) as Record<string, string>;
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  const fields: Record<string, string> = { 'metadata.name': node.metadata?.name ?? '' };
  return terms.some((term) => {
    const expressions = term.matchExpressions ?? [];
    const matchFields = term.matchFields ?? [];
    if (expressions.length === 0 && matchFields.length === 0) return false;
    return expressions.every((r) => holds(r, labels)) && matchFields.every((r) => holds(r, fields));
  });
}

function holds(r: Requirement, values: Record<string, string>): boolean {
  const has = Object.hasOwn(values, r.key);
  const value = values[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(value!);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const bound = Number(r.values?.[0]);
      const actual = Number(value);
      if (!has || !Number.isInteger(bound) || !Number.isInteger(actual)) return false;
      return r.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}
