import type { KubeObject } from '../kube-object.js';

/** core/v1 NodeSelectorRequirement. */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** core/v1 NodeSelectorTerm. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

/** The parts of a pod spec that place it on nodes. */
export interface PlacementSpec {
  readonly nodeName?: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: { readonly nodeAffinity?: { readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms?: readonly NodeSelectorTerm[] } } };
}

/**
 * nodeaffinity.GetRequiredNodeAffinity(pod).Match(node) — the scheduler's NodeAffinity filter and
 * the DaemonSet controller's placement test: every `nodeSelector` label, and one of the required
 * `nodeSelectorTerms`, its label expressions (In, NotIn, Exists, DoesNotExist, Gt, Lt) and its
 * `metadata.name` fields all holding. An empty term matches nothing.
 */
export function matchesRequiredNodeAffinity(spec: PlacementSpec, node: KubeObject): boolean {
  const labels = (node.metadata?.labels ?? {}) as Record<string, string>;
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

function holds(r: NodeSelectorRequirement, values: Record<string, string>): boolean {
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
