import { badRequest, isStatusError, type KubeObject } from '@kubeledger/api';
import { groupVersion } from '../registry/resource-definition.js';
import { assertNameMatchesUrl } from './check-name.js';
import { decodeObject, fieldValidation, type FieldValidation } from './decode-object.js';
import { RequestFieldManager } from './field-manager.js';
import { addWarnings, query, type HandlerContext } from './handler-context.js';
import { APPLY_PATCH, applyPatchBody, checkPatchBody, PATCH_TYPES, patchTypeOf } from './patch-body.js';
import { writeOptions, type WriteOptions } from './write-options.js';

/**
 * PATCH: a JSON patch, JSON merge patch or strategic merge patch of the current object, or a
 * server-side apply (which creates the object when it does not exist: 201). The result is
 * decoded and validated like a PUT body, its managedFields brought up to date, and written —
 * or, with dryRun=All, only checked.
 */
export async function handlePatch(ctx: HandlerContext): Promise<unknown> {
  const { info, store, request, reply, write } = ctx;
  const type = patchTypeOf(request.headers['content-type'], PATCH_TYPES);
  const options = writeOptions(request, 'PatchOptions', type === APPLY_PATCH);
  const validation = fieldValidation(query(request)['fieldValidation']);
  checkPatchBody(type, request.body);
  if (type === APPLY_PATCH) return handleApply(ctx, options, validation);
  const def = store.definition;
  const fields = new RequestFieldManager(def, info.subresource, options);
  const target = { apiVersion: groupVersion(def), group: def.group, kind: def.kind, name: info.name };
  let warnings: readonly string[] = [];
  const patched = await store.patch(
    info.namespace,
    info.name,
    (current) => {
      const decoded = decodeObject(def, applyPatchBody(type, current, request.body, target), validation);
      assertNameMatchesUrl(decoded.object, info.name);
      warnings = decoded.warnings;
      return decoded.object;
    },
    write,
    { dryRun: options.dryRun, ...fields.storeOptions },
  );
  addWarnings(reply, warnings);
  return patched;
}

/**
 * Server-side apply: the applied configuration (checked like a body, but partial: nothing is
 * required of it) is merged into the live object by the field manager, conflicts refused unless
 * forced; an object that does not exist is created from it (201), as upstream's apply may.
 */
async function handleApply({ info, store, request, reply, write, admission }: HandlerContext, options: WriteOptions, validation: FieldValidation): Promise<unknown> {
  const def = store.definition;
  const body = request.body as KubeObject;
  if (body.metadata?.managedFields !== undefined && body.metadata.managedFields !== null) throw badRequest('metadata.managedFields must be nil');
  if (body.apiVersion === undefined || body.kind === undefined) {
    throw badRequest(`Object '${body.kind === undefined ? 'Kind' : 'apiVersion'}' is missing in '${JSON.stringify(body)}'`);
  }
  const decoded = decodeObject(def, body, validation, { partial: true });
  const applied = named(decoded.object, info.name, def.namespaced ? info.namespace : undefined);
  const fields = new RequestFieldManager(def, info.subresource, options);
  const result = (merged: KubeObject): KubeObject => {
    const checked = decodeObject(def, merged, 'Ignore');
    assertNameMatchesUrl(checked.object, info.name);
    return checked.object;
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const updated = await store.patch(info.namespace, info.name, (current) => result(fields.apply(current, applied, options.force)), write, { dryRun: options.dryRun });
      addWarnings(reply, decoded.warnings);
      return updated;
    } catch (err) {
      if (!(isStatusError(err) && err.code === 404 && !info.subresource)) throw err;
    }
    const attributes = { operation: 'CREATE', resource: def, subresource: info.subresource, namespace: info.namespace, name: info.name, object: result(fields.apply(undefined, applied, options.force)) } as const;
    const object = (await admission.admit(attributes)) ?? attributes.object;
    await admission.validate({ ...attributes, object });
    try {
      const created = await store.create(info.namespace, object, write, { dryRun: options.dryRun });
      addWarnings(reply, decoded.warnings);
      reply.code(201);
      return created;
    } catch (err) {
      // Another writer created it in between: apply to theirs.
      if (!(isStatusError(err) && err.reason === 'AlreadyExists' && attempt < 3)) throw err;
    }
  }
}

/** An apply configuration names the URL's object (and namespace) when it leaves them out. */
function named(object: KubeObject, name: string, namespace: string | undefined): KubeObject {
  return { ...object, metadata: { ...object.metadata, name: object.metadata?.name ?? name, ...(namespace && { namespace: object.metadata?.namespace ?? namespace }) } };
}
