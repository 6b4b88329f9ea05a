import { failure } from '../status.js';
import { StatusError } from '../status-error.js';
import { goQuote } from './go-json.js';
import { compareStrings } from './json-values.js';
import { managerIdentifier, type ManagerIdentity } from './managed-fields-entry.js';
import { formatFieldPath, type FieldPath } from './path-element.js';

/** A field an apply would change that another manager owns. */
export interface FieldConflict {
  readonly manager: ManagerIdentity & { readonly time?: string };
  readonly path: FieldPath;
}

/** How conflict messages name a manager (printManager): `"helm"`, `"kubectl" with subresource "status"`, `"kube-controller-manager" using apps/v1`. */
export function describeManager(manager: FieldConflict['manager']): string {
  let text = goQuote(manager.manager);
  if (manager.subresource) text += ` with subresource ${goQuote(manager.subresource)}`;
  if (manager.operation === 'Update') {
    text += ` using ${manager.apiVersion ?? ''}`;
    if (manager.time) text += ` at ${manager.time}`;
  }
  return text;
}

/**
 * The 409 an apply gets when it would change fields other managers own (NewConflictError): one
 * cause per conflicting field, reason FieldManagerConflict. The message names the single conflict
 * (`Apply failed with 1 conflict: conflict with "helm" using apps/v1: .spec.replicas`), or lists
 * them grouped by manager (`Apply failed with 2 conflicts: conflicts with "helm" using apps/v1:\n-
 * .spec.replicas\n- ...`), managers in the order of their identifiers.
 */
export function applyConflict(conflicts: readonly FieldConflict[]): StatusError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(c.manager)}`, field: formatFieldPath(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    const only = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${describeManager(only.manager)}: ${formatFieldPath(only.path)}`;
  } else {
    const byManager = new Map<string, FieldConflict[]>();
    for (const c of conflicts) {
      const id = managerIdentifier(c.manager);
      byManager.set(id, [...(byManager.get(id) ?? []), c]);
    }
    const lines: string[] = [];
    for (const id of [...byManager.keys()].sort(compareStrings)) {
      const group = byManager.get(id)!;
      lines.push(`conflicts with ${describeManager(group[0]!.manager)}:`);
      for (const c of group) lines.push(`- ${formatFieldPath(c.path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(failure('Conflict', message, { causes }));
}
