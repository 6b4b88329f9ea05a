import jsonpatch, { type Operation } from 'fast-json-patch';
import {
  applyMergePatch,
  applyStrategicMergePatch,
  badRequest,
  BUILTIN_TYPES,
  deepCopy,
  FieldErrorTypes,
  invalid,
  isStatusError,
  StrategicMergePatchError,
  unsupportedMediaType,
  type KubeObject,
} from '@kubeledger/api';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

export type PatchType = typeof JSON_PATCH | typeof MERGE_PATCH | typeof STRATEGIC_MERGE_PATCH | typeof APPLY_PATCH;

/** What PATCH of a built-in resource takes, in upstream's order. */
export const PATCH_TYPES: readonly PatchType[] = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];

/** The patch types a resource (or subresource) accepts, in upstream's order; 415 for the others. */
export function patchTypeOf<T extends PatchType>(contentType: unknown, accepted: readonly T[]): T {
  const type = String(contentType ?? '').split(';')[0]!.trim();
  const found = accepted.find((t) => t === type);
  if (!found) throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  return found;
}

/** The kind of object a patch applies to: its apiVersion and kind, and its name for error messages. */
export interface PatchTarget {
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** Checks the body's shape for its patch type (400 when a JSON patch is no array or a merge patch no object). */
export function checkPatchBody(type: PatchType, body: unknown): void {
  if (type === JSON_PATCH) {
    if (!Array.isArray(body)) throw badRequest('a JSON patch must be an array of operations');
  } else if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(type === MERGE_PATCH ? 'a merge patch must be a JSON object' : 'the patch must be a JSON object');
  }
}

/**
 * `current` with a JSON patch, JSON merge patch or strategic merge patch applied (not an apply
 * patch: that is the field manager's). Failures are upstream's: 422 naming `patch`, or a 400
 * for a strategic patch the decoder refuses.
 */
export function applyPatchBody(type: Exclude<PatchType, typeof APPLY_PATCH>, current: KubeObject, body: unknown, target: PatchTarget): KubeObject {
  try {
    switch (type) {
      case JSON_PATCH:
        return jsonpatch.applyPatch(deepCopy(current), body as Operation[], true, false).newDocument;
      case MERGE_PATCH:
        return applyMergePatch(current, body) as KubeObject;
      case STRATEGIC_MERGE_PATCH: {
        const root = BUILTIN_TYPES.kindOf(target.apiVersion, target.kind);
        if (!root) throw unsupportedMediaType(`strategic merge patch is not supported for ${target.kind}`);
        return applyStrategicMergePatch(current, body, BUILTIN_TYPES, root) as KubeObject;
      }
    }
  } catch (err) {
    if (isStatusError(err)) throw err;
    if (err instanceof StrategicMergePatchError && err.reason === 'BadRequest') throw badRequest(err.message);
    throw invalid({ group: target.group, kind: target.kind }, target.name, [
      { type: FieldErrorTypes.invalid, field: 'patch', badValue: JSON.stringify(body), detail: (err as Error).message.split('\n')[0] },
    ]);
  }
}
