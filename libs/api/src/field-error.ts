/** Upstream's field error types (k8s.io/apimachinery/pkg/util/validation/field), as Status causes name them. */
export const FieldErrorTypes = {
  required: 'FieldValueRequired',
  invalid: 'FieldValueInvalid',
  notSupported: 'FieldValueNotSupported',
  duplicate: 'FieldValueDuplicate',
  forbidden: 'FieldValueForbidden',
  tooLong: 'FieldValueTooLong',
  tooMany: 'FieldValueTooMany',
  typeInvalid: 'FieldValueTypeInvalid',
} as const;
export type FieldErrorType = (typeof FieldErrorTypes)[keyof typeof FieldErrorTypes];

/** One invalid field: `field` is an upstream path such as `spec.containers[0].image`. */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly detail?: string;
  readonly badValue?: unknown;
}

/** `['spec', 'containers', 0, 'image']` → `spec.containers[0].image`; map keys that are not identifiers → `[key]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${String(part)}]`;
  }
  return out;
}
