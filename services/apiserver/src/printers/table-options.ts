import { FieldErrorTypes, badRequest, fieldErrorBody } from '@kubeledger/api';

export const INCLUDE_OBJECT = ['Metadata', 'None', 'Object'] as const;
/** What each Table row's `object` carries: PartialObjectMetadata (the default), nothing, or the whole object. */
export type IncludeObject = (typeof INCLUDE_OBJECT)[number];

/**
 * The `includeObject` query parameter of a Table request (metav1.TableOptions), checked as
 * upstream's ValidateTableOptions: anything else is a 400.
 */
export function parseIncludeObject(value: string | undefined): IncludeObject {
  if (!value) return 'Metadata';
  if ((INCLUDE_OBJECT as readonly string[]).includes(value)) return value as IncludeObject;
  const detail = `supported values: ${INCLUDE_OBJECT.map((v) => `"${v}"`).join(', ')}`;
  throw badRequest(`Unable to convert to Table as requested: includeObject: ${fieldErrorBody({ type: FieldErrorTypes.notSupported, field: 'includeObject', badValue: value, detail })}`);
}
