import { FieldErrorTypes, badRequest, invalid, type FieldError } from '@kubeledger/api';

/** Where a LIST reads, from its resourceVersion and resourceVersionMatch (upstream's semantics). */
export type ListRevision =
  /** The head: RV unset ("most recent"), "0" ("any": any state will do) or N with NotOlderThan, where N must not be above the head. */
  | { readonly at: 'head'; readonly notOlderThan?: number; readonly any?: boolean }
  /** Exactly revision N (resourceVersionMatch=Exact): 410 when compacted. */
  | { readonly at: 'exact'; readonly revision: number };

const LIST_OPTIONS = { group: 'meta.k8s.io', kind: 'ListOptions' };

/** Checks a list's ListOptions as upstream's ValidateListOptions and the storage layer do. */
export function listRevision(query: Record<string, string | undefined>): ListRevision {
  const rv = query['resourceVersion'] ?? '';
  const match = query['resourceVersionMatch'] ?? '';
  const errors: FieldError[] = [];
  if (match !== '') {
    if (rv === '') errors.push({ type: FieldErrorTypes.forbidden, field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden unless resourceVersion is provided' });
    if (query['continue']) errors.push({ type: FieldErrorTypes.forbidden, field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden when continue is provided' });
    if (match !== 'Exact' && match !== 'NotOlderThan') {
      errors.push({ type: FieldErrorTypes.notSupported, field: 'resourceVersionMatch', badValue: match, detail: 'supported values: "Exact", "NotOlderThan", ""' });
    }
    if (match === 'Exact' && rv === '0') errors.push({ type: FieldErrorTypes.forbidden, field: 'resourceVersionMatch', detail: 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"' });
  }
  if (query['sendInitialEvents'] !== undefined && query['sendInitialEvents'] !== '') {
    errors.push({ type: FieldErrorTypes.forbidden, field: 'sendInitialEvents', detail: 'sendInitialEvents is forbidden for list' });
  }
  if (errors.length) throw invalid(LIST_OPTIONS, '', errors);
  if (rv !== '' && !/^(0|[1-9][0-9]*)$/.test(rv)) throw badRequest(`invalid resource version "${rv}"`);
  if (query['continue'] && rv !== '' && rv !== '0') throw badRequest('specifying resource version is not allowed when using continue');
  if (rv === '') return { at: 'head' };
  if (rv === '0') return { at: 'head', any: true };
  return match === 'Exact' ? { at: 'exact', revision: Number(rv) } : { at: 'head', notOlderThan: Number(rv) };
}
