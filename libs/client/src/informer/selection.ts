import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, type KubeObject } from '@kubeledger/api';
import type { SubjectFilter } from '@kubeledger/bus';
import { fieldReader } from './indexers.js';

/** Which objects of a resource: what a LIST takes besides pagination. */
export interface ListSelection {
  /** One namespace; all when omitted. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/**
 * The narrowest single NATS filter for `resource` and `selection`: its group and resource, the
 * namespace, `metadata.name=x` as the name token and, for pods, `spec.nodeName=x` as the node token
 * (the one field the subject carries, DESIGN §3). The rest of the selection is for the client to
 * check ({@link selectionMatcher}).
 */
export function subjectFilterFor(resource: { readonly group: string; readonly resource: string }, selection: ListSelection = {}): SubjectFilter {
  const equals = new Map(parseFieldSelector(selection.fieldSelector ?? '').filter((r) => r.op === '=').map((r) => [r.field, r.value]));
  const namespace = selection.namespace ?? equals.get('metadata.namespace');
  const name = equals.get('metadata.name');
  const node = resource.group === '' && resource.resource === 'pods' ? equals.get('spec.nodeName') : undefined;
  return {
    group: resource.group,
    resource: resource.resource,
    ...(namespace !== undefined && { namespace }),
    ...(name !== undefined && { name }),
    ...(node !== undefined && { node }),
  };
}

/**
 * Whether an object is in `selection`, checked on the client: namespace, labels, and fields read
 * at their dotted paths (a missing field is `''`, as the server's field selectors treat it).
 * Throws a `SelectorParseError` for a selector that does not parse.
 */
export function selectionMatcher<T extends KubeObject = KubeObject>(selection: ListSelection = {}): (object: T) => boolean {
  const labels = parseLabelSelector(selection.labelSelector ?? '');
  const fields = parseFieldSelector(selection.fieldSelector ?? '');
  const readers = new Map(fields.map((r) => [r.field, fieldReader(r.field)]));
  const { namespace } = selection;
  return (object) => {
    if (namespace !== undefined && (object.metadata?.namespace ?? '') !== namespace) return false;
    if (labels.length > 0 && !matchesLabels(labels, object.metadata?.labels ?? {})) return false;
    if (fields.length === 0) return true;
    const values: Record<string, string> = {};
    for (const [field, read] of readers) values[field] = read(object) ?? '';
    return matchesFields(fields, values);
  };
}
