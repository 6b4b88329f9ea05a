import { FieldErrorTypes, invalid, type FieldError } from '@kubeledger/api';

export const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'] as const;
export type PropagationPolicy = (typeof PROPAGATION_POLICIES)[number];

/** metav1.DeleteOptions, as a delete request carries them (body or query). */
export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: PropagationPolicy;
  /** Deprecated in favour of propagationPolicy; still honoured, as upstream does. */
  readonly orphanDependents?: boolean;
  readonly dryRun?: readonly string[];
}

/** Whether the request is a dry run (`dryRun=All`): everything is decided, nothing is written. */
export const isDryRun = (options: DeleteOptions): boolean => (options.dryRun?.length ?? 0) > 0;

/** validation.ValidateDeleteOptions: 422 on DeleteOptions.meta.k8s.io with upstream's messages. */
export function validateDeleteOptions(options: DeleteOptions): void {
  const errs: FieldError[] = [];
  const policy = options.propagationPolicy as string | undefined;
  if (options.orphanDependents !== undefined && policy !== undefined) {
    errs.push({ type: FieldErrorTypes.invalid, field: 'propagationPolicy', badValue: policy, detail: 'orphanDependents and deletionPropagation cannot be both set' });
  }
  if (policy !== undefined && !(PROPAGATION_POLICIES as readonly string[]).includes(policy)) {
    errs.push({ type: FieldErrorTypes.notSupported, field: 'propagationPolicy', badValue: policy, detail: `supported values: ${[...PROPAGATION_POLICIES, 'nil'].map((p) => JSON.stringify(p)).join(', ')}` });
  }
  if (options.dryRun?.some((v) => v !== 'All')) {
    errs.push({ type: FieldErrorTypes.notSupported, field: 'dryRun', badValue: options.dryRun, detail: 'supported values: "All"' });
  }
  if (errs.length) throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
}
