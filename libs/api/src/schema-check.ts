import type { z } from 'zod';
import { FieldErrorTypes, fieldPath, type FieldError } from './field-error.js';

/** What a body's check against its generated schema found, sorted the way upstream answers each. */
export interface SchemaCheck {
  /** Values of the wrong JSON type: upstream fails decoding (400 BadRequest). */
  readonly decodeErrors: readonly { readonly field: string; readonly detail: string }[];
  /** Required fields that are missing: 422 Invalid, `FieldValueRequired`. */
  readonly fieldErrors: readonly FieldError[];
  /** Fields the schema does not know, e.g. `spec.containers[0].imagePullPolicyy`: fieldValidation decides. */
  readonly unknownFields: readonly string[];
}

/** Checks `value` against `schema`; the one place zod issues become Kubernetes errors. */
export function checkSchema(schema: z.ZodType, value: unknown): SchemaCheck {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { decodeErrors: [], fieldErrors: [], unknownFields: [] };
  const decodeErrors: { field: string; detail: string }[] = [];
  const fieldErrors: FieldError[] = [];
  const unknownFields: string[] = [];
  for (const issue of result.error.issues) {
    const field = fieldPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) unknownFields.push(fieldPath([...issue.path, key]));
        break;
      case 'invalid_type':
        if (issue.input === undefined) fieldErrors.push({ type: FieldErrorTypes.required, field, detail: 'Required value' });
        else decodeErrors.push({ field, detail: `expected ${issue.expected}, got ${describe(issue.input)}` });
        break;
      default:
        decodeErrors.push({ field, detail: issue.message });
    }
  }
  return { decodeErrors, fieldErrors, unknownFields };
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}
