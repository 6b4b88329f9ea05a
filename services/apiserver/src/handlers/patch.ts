import jsonpatch, { type Operation } from 'fast-json-patch';
import { applyMergePatch, badRequest, FieldErrorTypes, invalid, isStatusError, unsupportedMediaType, type KubeObject } from '@kubeledger/api';
import { assertNameMatchesUrl } from './check-name.js';
import { decodeObject, fieldValidation } from './decode-object.js';
import { addWarnings, query, type HandlerContext } from './handler-context.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';

/** PATCH with a JSON patch (RFC 6902) or a JSON merge patch (RFC 7386); the result is decoded and validated like a PUT body. */
export async function handlePatch({ info, store, request, reply, write }: HandlerContext): Promise<unknown> {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim();
  const def = store.definition;
  const validation = fieldValidation(query(request)['fieldValidation']);
  const body = request.body;
  if (type !== JSON_PATCH && type !== MERGE_PATCH) {
    throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${JSON_PATCH}, ${MERGE_PATCH}`);
  }
  if (type === JSON_PATCH && !Array.isArray(body)) throw badRequest('a JSON patch must be an array of operations');
  if (type === MERGE_PATCH && (typeof body !== 'object' || body === null || Array.isArray(body))) throw badRequest('a merge patch must be a JSON object');
  let warnings: readonly string[] = [];
  const patched = await store.patch(
    info.namespace,
    info.name,
    (current) => {
      const result = type === JSON_PATCH ? applyJsonPatch(current, body as Operation[], def, info.name) : (applyMergePatch(current, body) as KubeObject);
      const decoded = decodeObject(def, result, validation);
      assertNameMatchesUrl(decoded.object, info.name);
      warnings = decoded.warnings;
      return decoded.object;
    },
    write,
  );
  addWarnings(reply, warnings);
  return patched;
}

function applyJsonPatch(current: KubeObject, ops: Operation[], def: { group: string; kind: string }, name: string): KubeObject {
  try {
    return jsonpatch.applyPatch(structuredClone(current), ops, true, false).newDocument;
  } catch (err) {
    if (isStatusError(err)) throw err;
    throw invalid({ group: def.group, kind: def.kind }, name, [
      { type: FieldErrorTypes.invalid, field: 'patch', badValue: JSON.stringify(ops), detail: (err as Error).message.split('\n')[0] },
    ]);
  }
}
