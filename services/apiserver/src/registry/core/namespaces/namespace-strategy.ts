import { FieldErrorTypes, type KubeObject } from '@kubeledger/api';
import { defaultStrategy } from '../../default-strategy.js';
import type { ResourceDefinition } from '../../resource-definition.js';
import type { ResourceStrategy } from '../../strategy.js';
import { dnsLabelName, validateObjectMeta } from '../../validate-object-meta.js';
import { validateFinalizerNames } from './finalizer-names.js';

/** The finalizer the namespace controller removes once the namespace's content is gone (FinalizerKubernetes). */
export const KUBERNETES_FINALIZER = 'kubernetes';
/** The label every namespace carries with its own name (v1.LabelMetadataName). */
export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

export const specFinalizersOf = (ns: KubeObject): string[] => ((ns['spec'] as { finalizers?: string[] | null } | undefined)?.finalizers ?? []);

/** Canonicalize: the name label follows the name (also for generated names, known only after preparation). */
function labelWithName(ns: KubeObject): void {
  const name = ns.metadata?.name;
  if (name) ns.metadata = { ...ns.metadata, labels: { ...ns.metadata?.labels, [METADATA_NAME_LABEL]: name } };
}

/** The stored `field` (or its absence) in place of the request's. */
function keepFrom(old: KubeObject, ns: KubeObject, field: 'spec' | 'status'): void {
  if (old[field] === undefined) delete ns[field];
  else ns[field] = old[field];
}

/**
 * Upstream's namespace strategy (pkg/registry/core/namespace): a new namespace is Active and holds
 * the `kubernetes` finalizer; an update of the main resource changes neither spec.finalizers
 * (only `finalize` does) nor status (only `status` does).
 */
export function namespaceStrategy(def: ResourceDefinition): ResourceStrategy {
  const base = defaultStrategy(def, { nameRule: dnsLabelName });
  return {
    ...base,
    prepareForCreate(ns) {
      base.prepareForCreate(ns);
      // Namespaces have no generation (their strategy sets none).
      if (ns.metadata) delete ns.metadata['generation'];
      ns['status'] = { phase: 'Active' };
      const finalizers = specFinalizersOf(ns);
      ns['spec'] = { ...(ns['spec'] as object | undefined), finalizers: finalizers.includes(KUBERNETES_FINALIZER) ? finalizers : [...finalizers, KUBERNETES_FINALIZER] };
      labelWithName(ns);
    },
    validate(ns) {
      return [...validateObjectMeta(ns, dnsLabelName), ...validateFinalizerNames(specFinalizersOf(ns), () => 'spec.finalizers')];
    },
    prepareForUpdate(ns, old) {
      // spec holds nothing but the finalizers: all of it stays as stored, as does status.
      keepFrom(old, ns, 'spec');
      keepFrom(old, ns, 'status');
      labelWithName(ns);
    },
  };
}

/**
 * The `finalize` subresource's strategy (namespaceFinalizeStrategy): the write keeps the stored
 * status and takes everything else from the request — spec.finalizers above all, each a valid
 * finalizer name.
 */
export function namespaceFinalizeStrategy(base: ResourceStrategy): ResourceStrategy {
  return {
    ...base,
    allowCreateOnUpdate: false,
    prepareForUpdate(ns, old) {
      keepFrom(old, ns, 'status');
      labelWithName(ns);
    },
    validateUpdate(ns) {
      return [...validateObjectMeta(ns, dnsLabelName), ...validateFinalizerNames(specFinalizersOf(ns), (i) => `spec.finalizers[${i}]`)];
    },
  };
}

/**
 * ShouldDeleteNamespaceDuringUpdate: an update (a finalize, or the garbage collector removing its
 * finalizer) that leaves a terminating namespace with neither spec nor metadata finalizers
 * removes it — the generic rule (new object without finalizers, deletion requested, no grace
 * period or 0) plus the namespace's own finalizers.
 */
export function shouldDeleteNamespaceDuringUpdate(updated: KubeObject, existing: KubeObject): boolean {
  if (specFinalizersOf(updated).length > 0) return false;
  if (((updated.metadata?.['finalizers'] as string[] | undefined) ?? []).length > 0) return false;
  if (existing.metadata?.['deletionTimestamp'] === undefined) return false;
  const grace = existing.metadata?.['deletionGracePeriodSeconds'] as number | undefined;
  return grace === undefined || grace === 0;
}

/**
 * The `status` subresource's validation for namespaces (ValidateNamespaceStatusUpdate): the phase
 * is Active until deletion is requested, Terminating after.
 */
export function namespaceStatusStrategy(status: ResourceStrategy): ResourceStrategy {
  return {
    ...status,
    validateUpdate(ns, old) {
      const errs = status.validateUpdate(ns, old);
      const phase = (ns['status'] as { phase?: string } | undefined)?.phase ?? '';
      const deleting = ns.metadata?.['deletionTimestamp'] !== undefined;
      if (!deleting && phase !== 'Active') errs.push({ type: FieldErrorTypes.invalid, field: 'status.Phase', badValue: phase, detail: "may only be 'Active' if `deletionTimestamp` is empty" });
      if (deleting && phase !== 'Terminating') errs.push({ type: FieldErrorTypes.invalid, field: 'status.Phase', badValue: phase, detail: "may only be 'Terminating' if `deletionTimestamp` is not empty" });
      return errs;
    },
  };
}
