import type { KubeObject } from '../kube-object.js';
import { badRequest, internalError, StatusError } from '../status-error.js';
import type { TypeRegistry } from '../type-info/type-registry.js';
import { applyConflict } from './apply-conflict.js';
import { capUpdateManagers } from './cap-update-managers.js';
import { checkAppliedObject } from './check-applied.js';
import { resolveIgnored, type IgnoredFields } from './ignored-fields.js';
import { cloneJson, isJsonObject } from './json-values.js';
import { buildLastApplied, clientSideAppliedFields, KUBECTL_MANAGER, lastAppliedOf, withLastApplied } from './last-applied.js';
import { decodeManagedFields, emptyManaged, encodeManagedFields, managerIdentifier, type Managed, type ManagedFieldsEntry } from './managed-fields-entry.js';
import { DEDUCED, type SchemaNode } from './schema-node.js';
import { TypedValueError } from './typed-value-error.js';
import { ConflictsError, recordApply, recordUpdate, type UpdaterContext } from './updater.js';

export interface FieldManagerOptions {
  /** fieldManager (the apiserver derives it from the User-Agent when absent); empty means `unknown`. */
  readonly manager: string;
  /** The version the request speaks, e.g. `apps/v1`; entries record it. */
  readonly apiVersion: string;
  /** `status` for writes through /status: the entry is then a separate one, marked with it. */
  readonly subresource?: string;
  /** RFC 3339 time stamp (seconds, `Z`) for the entries this request writes. */
  readonly now: string;
  /** Fields this write path may neither own nor set (upstream's reset fields), e.g. `[['status']]` for the main resource, `{ allBut: [['status']] }` (or `[['spec'], ['metadata']]`) for /status. */
  readonly ignored?: IgnoredFields;
}

/** The manager that takes the fields of an object that has no managedFields when it is first applied to. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** The schema of an object by its apiVersion and kind (the first of `objects` that has both); deduced when the registry does not know it. */
function typeOf(registry: TypeRegistry, ...objects: (KubeObject | undefined)[]): SchemaNode {
  const typed = objects.find((o) => o?.apiVersion && o.kind);
  return (typed && registry.kindOf(typed.apiVersion!, typed.kind!)) || DEDUCED;
}

function context(registry: TypeRegistry, options: FieldManagerOptions, ...objects: (KubeObject | undefined)[]): UpdaterContext {
  return { registry, type: typeOf(registry, ...objects), apiVersion: options.apiVersion, ignored: resolveIgnored(options.ignored), now: options.now };
}

/** A copy of the object with these managedFields (none: the field is dropped). */
function withManagedFields(object: KubeObject, entries: readonly ManagedFieldsEntry[] | undefined): KubeObject {
  if (!entries) {
    if (object.metadata?.['managedFields'] === undefined) return object;
    // (A loop rather than a rest destructuring, which is slow in V8; the key order is the same.)
    const metadata: Record<string, unknown> = {};
    for (const key of Object.keys(object.metadata)) if (key !== 'managedFields') metadata[key] = object.metadata[key];
    return { ...object, metadata };
  }
  return { ...object, metadata: { ...object.metadata, managedFields: entries } };
}

/** `[]` or `[{}]`: how a client asks for managedFields to be reset (isResetManagedFields). */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  const only: unknown = entries[0];
  return entries.length === 1 && isJsonObject(only) && Object.values(only).every((v) => v === undefined || v === null || v === '');
}

function decodeOrEmpty(entries: unknown): Managed {
  try {
    return decodeManagedFields(entries);
  } catch {
    return emptyManaged();
  }
}

/**
 * Which managedFields an update starts from (decodeLiveOrNew): the request's when it sends a
 * valid, non-empty list (so clients may rewrite them), none when it sends `[]` or `[{}]`, else the
 * live object's. Writes to a subresource always start from the live object's.
 */
function startingManaged(live: KubeObject | undefined, updated: KubeObject, subresource: boolean): Managed {
  const liveEntries = live?.metadata?.['managedFields'];
  if (subresource) return decodeOrEmpty(liveEntries);
  const requested = updated.metadata?.['managedFields'];
  if (isReset(requested)) return emptyManaged();
  try {
    const managed = decodeManagedFields(requested);
    if (managed.fields.size > 0) return managed;
  } catch {
    // Fall back to the live object's, so clients that do not know managedFields cannot lose them.
  }
  return decodeOrEmpty(liveEntries);
}

/**
 * An Update (create, PUT, or a non-apply PATCH): the new object with metadata.managedFields
 * updated (FieldManager.Update with upstream's default chain). The manager's Update entry gains
 * the fields the write adds or changes, and takes `now` as its time; other managers lose them;
 * fields the write removes leave every owner. `live` is undefined on create (compared as the
 * empty object). Once an existing object has no managedFields (after a reset), updates do not
 * start tracking again: only an apply does. At most 10 Update entries are kept. If the object does
 * not fit its schema, the live object's managedFields are kept (UpdateNoErrors).
 */
export function updateManagedFields(registry: TypeRegistry, live: KubeObject | undefined, updated: KubeObject, options: FieldManagerOptions): KubeObject {
  const managed = startingManaged(live, updated, options.subresource !== undefined && options.subresource !== '');
  const next = withManagedFields(updated, undefined);
  if (managed.fields.size === 0 && live?.metadata?.uid) return next;
  const ctx = context(registry, options, updated, live);
  const id = managerIdentifier({ manager: options.manager || 'unknown', operation: 'Update', apiVersion: options.apiVersion, ...(options.subresource && { subresource: options.subresource }) });
  try {
    recordUpdate(ctx, managed, live ? withManagedFields(live, undefined) : {}, next, id);
  } catch (err) {
    if (!(err instanceof TypedValueError)) throw err;
    const kept = live?.metadata?.['managedFields'];
    return Array.isArray(kept) ? withManagedFields(next, kept as ManagedFieldsEntry[]) : next;
  }
  capUpdateManagers(managed);
  return withManagedFields(next, encodeManagedFields(managed));
}

/** `apps/v1, Kind=Deployment`, `/v1, Kind=Pod` (GroupVersionKind.String). */
function gvkString(object: KubeObject): string {
  const apiVersion = object.apiVersion ?? '';
  return `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${object.kind ?? ''}`;
}

/**
 * An object that does not fit its schema, with upstream's message, e.g. `failed to create typed
 * patch object (default/web; apps/v1, Kind=Deployment): .spec.foo: field not declared in schema`.
 * Upstream answers a plain error (500); an applied object that does not fit is the client's
 * mistake, so it is a 400 here, and only a stored object that does not fit is a 500.
 */
function typedObjectError(which: 'patch' | 'live', object: KubeObject, err: TypedValueError): StatusError {
  const where = `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}; ${gvkString(object)}`;
  const message = `failed to create typed ${which} object (${where}): ${err.message}`;
  if (which === 'patch') return badRequest(message);
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });
}

/**
 * Server-side apply (FieldManager.Apply with upstream's default chain): merges `applied` into
 * `live` (undefined when the object does not exist yet) and returns the result with managedFields.
 * The applier's Apply entry (one per manager and subresource, separate from its Update entry)
 * becomes what it applied; fields it applied before and no longer applies are removed unless
 * another manager owns them; a field whose value would change and that another manager owns is a
 * conflict: throws the 409 (applyConflict) unless `force`, which takes the fields over. kubectl's
 * applies may take fields its client-side apply set (last-applied annotation) without force, and
 * keep that annotation up to date. An object without managedFields first gets them: its fields go
 * to `before-first-apply`. An apply that changes nothing returns the live object, entry times
 * unchanged. Throws 400 for an applied object of another kind or version, or with managedFields.
 */
export function applyObject(registry: TypeRegistry, live: KubeObject | undefined, applied: KubeObject, options: FieldManagerOptions & { readonly force: boolean }): KubeObject {
  if (applied.apiVersion !== options.apiVersion || (live?.kind !== undefined && applied.kind !== live.kind)) throw badRequest(`invalid object type: ${gvkString(applied)}`);
  const requested = applied.metadata?.['managedFields'];
  if (requested !== undefined && requested !== null) throw badRequest('metadata.managedFields must be nil');
  let managed: Managed;
  try {
    managed = decodeManagedFields(live?.metadata?.['managedFields']);
  } catch (err) {
    throw internalError(new Error(`failed to decode managed fields: ${(err as Error).message}`));
  }
  const ctx = context(registry, options, applied);
  try {
    checkAppliedObject(applied, ctx.type, registry);
  } catch (err) {
    throw err instanceof TypedValueError ? typedObjectError('patch', applied, err) : err;
  }
  const liveObject = live ? withManagedFields(live, undefined) : {};
  let result: { readonly managed: Managed; readonly object: unknown };
  try {
    result = mergeAndTrack(ctx, managed, live !== undefined, liveObject, applied, options);
  } catch (err) {
    throw err instanceof TypedValueError ? typedObjectError('live', liveObject, err) : err;
  }
  let out = (result.object as KubeObject | undefined) ?? cloneJson(liveObject);
  if (options.manager === KUBECTL_MANAGER && lastAppliedOf(out)) out = withLastApplied(out, buildLastApplied(applied));
  return withManagedFields(out, encodeManagedFields(result.managed));
}

/** The apply proper, below the request checks: before-first-apply, the apply, kubectl's client-side upgrade. */
function mergeAndTrack(ctx: UpdaterContext, managed: Managed, exists: boolean, live: KubeObject, applied: KubeObject, options: FieldManagerOptions & { readonly force: boolean }) {
  const subresource = options.subresource ? { subresource: options.subresource } : {};
  if (managed.fields.size === 0 && exists) {
    recordUpdate(ctx, managed, {}, live, managerIdentifier({ manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: options.apiVersion, ...subresource }));
    capUpdateManagers(managed);
  }
  const applier = managerIdentifier({ manager: options.manager || 'unknown', operation: 'Apply', ...subresource });
  const attempt = (force: boolean) => {
    const copy: Managed = { fields: new Map(managed.fields), times: new Map(managed.times) };
    return { managed: copy, object: recordApply(ctx, copy, live, applied, applier, force) };
  };
  try {
    return attempt(options.force);
  } catch (err) {
    if (!(err instanceof ConflictsError)) throw err;
    // lastAppliedManager: kubectl may take what its client-side apply set.
    const allowed = options.manager === KUBECTL_MANAGER && exists ? clientSideAppliedFields(ctx, live) : undefined;
    const remaining = allowed ? err.conflicts.filter((c) => !allowed.has(c.path)) : err.conflicts;
    if (remaining.length > 0) throw applyConflict(remaining);
    return attempt(true);
  }
}
