import { deepCopy, badRequest, checkSchema, invalid, type KubeObject } from '@kubeledger/api';
import { groupVersion, type ResourceDefinition } from '../registry/resource-definition.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface DecodedObject {
  readonly object: KubeObject;
  /** `Warning` header values (fieldValidation=Warn). */
  readonly warnings: readonly string[];
}

/** `fieldValidation` from the query: Strict, Warn (the default) or Ignore; anything else is a 400. */
export function fieldValidation(value: unknown): FieldValidation {
  if (value === undefined || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation parameter unsupported: ${String(value)}`);
}

/**
 * A request body as the resource's kind: the kind and apiVersion must be the resource's, values
 * must have their schema's JSON types (else 400, as upstream's decoder), and unknown fields are
 * refused, reported as warnings, or dropped, as `fieldValidation` says. A `partial` body (an apply
 * configuration) need not hold the required fields.
 */
export function decodeObject(def: ResourceDefinition, body: unknown, validation: FieldValidation, { partial = false } = {}): DecodedObject {
  const gv = groupVersion(def);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`the body of the request must be a ${def.kind} object`);
  }
  const object = body as KubeObject;
  if (object.kind !== undefined && object.kind !== def.kind) {
    throw badRequest(`${String(object.kind)} in version "${def.version}" cannot be handled as a ${def.kind}: the kind in the body does not match the resource`);
  }
  if (object.apiVersion !== undefined && object.apiVersion !== gv) {
    throw badRequest(`the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${gv})`);
  }
  const check = checkSchema(def.schema, object);
  if (check.decodeErrors.length) {
    const first = check.decodeErrors[0]!;
    throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${first.field}: ${first.detail}`);
  }
  if (check.unknownFields.length && validation === 'Strict') {
    throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${check.unknownFields.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  if (check.fieldErrors.length && !partial) {
    throw invalid({ group: def.group, kind: def.kind }, object.metadata?.name ?? '', check.fieldErrors);
  }
  const warnings = validation === 'Warn' ? check.unknownFields.map((f) => `unknown field "${f}"`) : [];
  // Strict has refused unknown fields above; Warn and Ignore store the object without them.
  return { object: dropFields(object, check.unknownFields), warnings };
}

/** A copy without the given fields (paths as `a.b[0].c`). */
function dropFields(object: KubeObject, fields: readonly string[]): KubeObject {
  if (fields.length === 0) return object;
  const copy = deepCopy(object);
  for (const field of fields) {
    const parts = field.match(/[^.[\]]+/g) ?? [];
    let node: unknown = copy;
    for (const part of parts.slice(0, -1)) node = (node as Record<string, unknown>)?.[part];
    if (node && typeof node === 'object') delete (node as Record<string, unknown>)[parts[parts.length - 1]!];
  }
  return copy;
}
