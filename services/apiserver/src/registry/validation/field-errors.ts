import { FieldErrorTypes, type FieldError } from '@kubeledger/api';

// field.Required, field.Invalid, … (k8s.io/apimachinery/pkg/util/validation/field): one constructor per error type.

export const required = (field: string, detail?: string): FieldError => ({ type: FieldErrorTypes.required, field, ...(detail && { detail }) });
export const invalidValue = (field: string, badValue: unknown, detail: string): FieldError => ({ type: FieldErrorTypes.invalid, field, badValue, detail });
export const duplicate = (field: string, badValue: unknown): FieldError => ({ type: FieldErrorTypes.duplicate, field, badValue });
export const forbidden = (field: string, detail: string): FieldError => ({ type: FieldErrorTypes.forbidden, field, detail });
export const notSupported = (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({
  type: FieldErrorTypes.notSupported,
  field,
  badValue,
  detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

/** validation.InclusiveRangeError */
export const inclusiveRange = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

/** ValidateImmutableField: the old value, or "field is immutable". */
export function immutable(field: string, now: unknown, before: unknown): FieldError[] {
  return sameValue(now, before) ? [] : [invalidValue(field, now ?? null, 'field is immutable')];
}

/** Semantic equality of decoded JSON: key order does not matter, absent equals undefined. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)].filter((k) => ao[k] !== undefined || bo[k] !== undefined));
    return [...keys].every((k) => sameValue(ao[k], bo[k]));
  }
  return false;
}

/** validation.IsValidPortNum */
export const isValidPortNum = (port: number): string[] => (Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRange(1, 65535)]);

/** validation.IsValidPortName (an IANA_SVC_NAME). */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** validation.IsConfigMapKey: data keys of ConfigMaps and Secrets. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key_name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** ValidateNonnegativeField */
export const nonNegative = (field: string, value: unknown): FieldError[] =>
  typeof value === 'number' && value < 0 ? [invalidValue(field, value, 'must be greater than or equal to 0')] : [];
