import { FieldErrorTypes, isQualifiedName, type FieldError } from '@kubeledger/api';

/** The finalizers a name without a `/` may be (upstream's standardFinalizers). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/**
 * validateFinalizerName (pkg/apis/core/validation): a qualified name, and one without a prefix
 * only when it is a standard finalizer. `field` is the path each error names.
 */
export function validateFinalizerNames(finalizers: readonly string[], field: (index: number) => string): FieldError[] {
  const errs: FieldError[] = [];
  finalizers.forEach((name, i) => {
    for (const msg of isQualifiedName(name)) errs.push({ type: FieldErrorTypes.invalid, field: field(i), badValue: name, detail: msg });
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push({ type: FieldErrorTypes.invalid, field: field(i), badValue: name, detail: 'name is neither a standard finalizer name nor is it fully qualified' });
    }
  });
  return errs;
}
