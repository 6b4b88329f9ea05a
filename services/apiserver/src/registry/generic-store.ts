import { isDeepStrictEqual } from 'node:util';
import {
  FieldErrorTypes,
  alreadyExists,
  badRequest,
  conflict,
  deepCopy,
  invalid,
  isStatusError,
  matchesFields,
  matchesLabels,
  notFound,
  withoutResourceVersion,
  type FieldRequirement,
  type KubeObject,
  type LabelRequirement,
  type ObjectRef,
  type ResourceScope,
} from '@kubeledger/api';
import { isStorageError, type EventStore, type HistoryEntry, type ListResult, type StoredObject, type WriteContext } from '@kubeledger/event-store';
import { inSpanSync, objectAttributes, tracer as tracerFor } from '@kubeledger/telemetry';
import { beforeCreate, beforeUpdate } from './before-write.js';
import { isDryRun, type DeleteOptions } from './deletion/delete-options.js';
import { planDelete, shouldDeleteDuringUpdate, type DeletePlan } from './deletion/plan-delete.js';
import { interpretStorageError } from './interpret-errors.js';
import type { ResourceDefinition } from './resource-definition.js';
import type { ResourceStrategy } from './strategy.js';

/** Re-reads an unconditional update does when other writers keep getting in first. */
const MAX_UNCONDITIONAL_ATTEMPTS = 10;

/** An unconditional write lost to another writer: read again and retry, or answer `cause` (the 409). */
class RetryUnconditional extends Error {
  constructor(override readonly cause: unknown) {
    super('conflict');
  }
}

/** Whether work on a cached copy that failed so is redone on storage's state: a refusal (4xx), which a stale copy can cause. */
const redoable = (err: unknown) => err instanceof RetryUnconditional || (isStatusError(err) && err.code >= 400 && err.code < 500);
const tracer = tracerFor('apiserver');

export interface ListRequest {
  readonly namespace: string;
  readonly limit?: number;
  readonly continue?: string;
  /** Read at exactly this revision (resourceVersionMatch=Exact); unset: at the head. */
  readonly revision?: number;
  readonly labelSelector?: readonly LabelRequirement[];
  readonly fieldSelector?: readonly FieldRequirement[];
}

export interface UpdateOutcome {
  readonly object: KubeObject;
  readonly created: boolean;
}

export interface DeleteOutcome {
  /** The deleted object (its last state), or the object as it stays while finalizers or a grace period keep it. */
  readonly object: KubeObject;
  /** Whether the object is gone (false while it waits for finalizers or its grace period). */
  readonly deleted: boolean;
}

/** What a hook is told of the write: a dry run must answer as the write would, and persist nothing (upstream's allocators' DryRun()). */
export interface HookOptions {
  readonly dryRun: boolean;
}

/** What a resource adds around writes (upstream's BeginCreate, BeginUpdate and AfterDelete), e.g. Service IP allocation. */
export interface StoreHooks {
  /** After validation, before the write (a dry run's too); the returned function is told whether the write succeeded. */
  beginCreate?(object: KubeObject, ctx: WriteContext, options: HookOptions): Promise<WriteFinish>;
  beginUpdate?(object: KubeObject, old: KubeObject, ctx: WriteContext, options: HookOptions): Promise<WriteFinish>;
  afterDelete?(object: KubeObject, ctx: WriteContext): Promise<void>;
}
export type WriteFinish = (succeeded: boolean) => Promise<void>;

/** What a create, update or patch asks beside the object (upstream's CreateOptions/UpdateOptions/PatchOptions as the store sees them). */
export interface WriteOptions {
  /** Everything but the write: defaulting, validation and conflict checks, nothing stored, no event. */
  readonly dryRun?: boolean;
  /**
   * The field manager: the object about to be written, with metadata.managedFields brought up
   * to date against the live object (undefined on create). Runs before the strategy, as upstream's
   * field manager runs before BeforeCreate/BeforeUpdate.
   */
  readonly manageFields?: (object: KubeObject, live: KubeObject | undefined) => KubeObject;
}

export interface StoreOptions {
  /** Delete answers with the deleted object rather than a Success Status (pods, services, namespaces, serviceaccounts). */
  readonly returnDeletedObject?: boolean;
  readonly hooks?: StoreHooks;
  /** Whether an update deletes the object it updates (upstream's Store.ShouldDeleteDuringUpdate); the generic rule when unset. */
  readonly shouldDeleteDuringUpdate?: (updated: KubeObject, existing: KubeObject) => boolean;
  /** The watch cache's copy of an object, tried before a storage read by writes (see GenericStore.#suggested). */
  readonly cached?: CachedObjects;
}

/** What the watch cache holds for a key (it may lag storage); never modified by the store. */
export type CachedObjects = (ref: ObjectRef) => KubeObject | undefined;

/** The object a write works from: storage's, or (`cached`) the watch cache's copy. */
type Current = Pick<StoredObject, 'object' | 'revision'> & { readonly cached?: boolean };

/**
 * The generic registry store (upstream's registry.Store): one resource's verbs over the event
 * store, in upstream order — strategy, then storage, with storage errors turned into Status
 * errors in one place. Handlers call it; it never sees HTTP.
 */
export class GenericStore {
  readonly definition: ResourceDefinition;
  readonly #strategy: ResourceStrategy;
  readonly #store: EventStore;
  readonly #options: StoreOptions;

  constructor(definition: ResourceDefinition, strategy: ResourceStrategy, store: EventStore, options: StoreOptions = {}) {
    this.definition = definition;
    this.#strategy = strategy;
    this.#store = store;
    this.#options = options;
  }

  /** Whether a delete answers with the object (else with a Success Status naming it). */
  get returnsDeletedObject(): boolean {
    return this.#options.returnDeletedObject ?? false;
  }

  #ref(namespace: string, name: string): ObjectRef {
    return { group: this.definition.group, resource: this.definition.resource, namespace: this.definition.namespaced ? namespace : '', name };
  }

  #interpret(err: unknown, name: string): unknown {
    return interpretStorageError(err, this.definition, name);
  }

  async #read(ref: ObjectRef, name: string): Promise<Current | undefined> {
    return this.#store.get(ref).catch((err: unknown) => Promise.reject(this.#interpret(err, name)));
  }

  /**
   * The watch cache's copy of the object, as a write's first guess of its current state (upstream's
   * Cacher.GuaranteedUpdate hands it to storage as cachedExistingObject): it saves the storage read
   * when it is current, which the write then proves — it is made at the copy's revision. Work on a
   * copy that fails in any way, or that ends without a write, is redone on storage's state.
   */
  #suggested(ref: ObjectRef): Current | undefined {
    const cached = this.#options.cached?.(ref);
    const revision = Number(cached?.metadata?.resourceVersion);
    return cached && Number.isSafeInteger(revision) && revision > 0 ? { object: deepCopy(cached), revision, cached: true } : undefined;
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    const found = await this.#read(this.#ref(namespace, name), name);
    if (!found) throw notFound(this.definition, name);
    return found.object;
  }

  /** Every retained event of the object's key, oldest first, across deletes and re-creates (404 when none is retained). */
  async history(namespace: string, name: string): Promise<readonly HistoryEntry[]> {
    const entries = await this.#store.history(this.#ref(namespace, name)).catch((err: unknown) => Promise.reject(this.#interpret(err, name)));
    if (entries.length === 0) throw notFound(this.definition, name);
    return entries;
  }

  /**
   * One page of the resource's objects at one revision, filtered by the selectors (a page may hold
   * fewer than `limit` items then, as upstream's may; `continue` goes on from where it read).
   */
  async list(request: ListRequest): Promise<ListResult> {
    const labels = request.labelSelector ?? [];
    const fields = request.fieldSelector ?? [];
    const matches = this.predicate(labels, fields);
    let result: ListResult;
    try {
      result = await this.#store.list({
        scope: this.scope(request.namespace),
        ...(request.limit !== undefined && { limit: request.limit }),
        ...(request.continue !== undefined && { continue: request.continue }),
        ...(request.revision !== undefined && { revision: request.revision }),
      });
    } catch (err) {
      throw this.#interpret(err, '');
    }
    if (labels.length === 0 && fields.length === 0) return result;
    return { ...result, items: result.items.filter((i) => matches(i.object)) };
  }

  /** The keys a request in `namespace` ('' = all namespaces) covers. */
  scope(namespace: string): ResourceScope {
    const { group, resource, namespaced } = this.definition;
    return { group, resource, ...(namespaced && namespace ? { namespace } : {}) };
  }

  /** Whether an object matches the selectors (upstream's SelectionPredicate); unknown fields are a 400. */
  predicate(labelSelector: readonly LabelRequirement[], fieldSelector: readonly FieldRequirement[]): (object: KubeObject) => boolean {
    for (const f of fieldSelector) this.#checkSelectableField(f.field);
    if (labelSelector.length === 0 && fieldSelector.length === 0) return () => true;
    return (object) => matchesLabels(labelSelector, object.metadata?.labels) && matchesFields(fieldSelector, this.#fieldsOf(object));
  }

  #fieldsOf(object: KubeObject): Record<string, string> {
    return {
      'metadata.name': object.metadata?.name ?? '',
      ...(this.definition.namespaced && { 'metadata.namespace': object.metadata?.namespace ?? '' }),
      ...this.#strategy.selectableFields?.(object),
    };
  }

  #checkSelectableField(field: string): void {
    const known = Object.keys(this.#fieldsOf({ metadata: {} }));
    if (!known.includes(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
  }

  /**
   * POST: the object as the strategy prepares it, stored. A dry run answers with what would be
   * stored, without a resourceVersion, after checking the name is free; it claims nothing (no
   * cluster IP or node port) and writes nothing.
   */
  async create(namespace: string, object: KubeObject, ctx: WriteContext, options: WriteOptions = {}): Promise<KubeObject> {
    const managed = options.manageFields?.(object, undefined) ?? object;
    const prepared = inSpanSync(tracer, 'validation', { attributes: objectAttributes({ resource: this.definition.resource, namespace, name: managed.metadata?.name }) }, () =>
      beforeCreate(this.definition, this.#strategy, managed, namespace),
    );
    const name = prepared.metadata!.name!;
    if (options.dryRun) {
      const existing = await this.#store.get(this.#ref(namespace, name)).catch((err: unknown) => Promise.reject(this.#interpret(err, name)));
      if (existing) throw alreadyExists(this.definition, name);
      await (await this.#options.hooks?.beginCreate?.(prepared, ctx, { dryRun: true }))?.(true);
      return prepared;
    }
    const finish = await this.#options.hooks?.beginCreate?.(prepared, ctx, { dryRun: false });
    try {
      const { object: stored } = await this.#store.create({ ref: this.#ref(namespace, name), object: prepared, ...this.#node(prepared) }, ctx);
      await finish?.(true);
      return stored;
    } catch (err) {
      await finish?.(false);
      throw this.#interpret(err, name);
    }
  }

  /**
   * PUT: conditional when the object carries metadata.resourceVersion (409 if the object moved on);
   * otherwise, if the strategy allows, applied to whatever is current — read, prepare, write at the
   * read revision, and again if another writer got in between (upstream's GuaranteedUpdate).
   */
  async update(namespace: string, name: string, object: KubeObject, ctx: WriteContext, options: WriteOptions = {}): Promise<UpdateOutcome> {
    const ref = this.#ref(namespace, name);
    const rv = object.metadata?.resourceVersion;
    const conditional = rv !== undefined && rv !== '';
    if (conditional && !/^[1-9][0-9]*$/.test(rv)) throw badRequest(`invalid resourceVersion "${rv}": must be a positive integer`);
    if (!conditional && !this.#strategy.allowUnconditionalUpdate) {
      throw invalid({ group: this.definition.group, kind: this.definition.kind }, name, [
        { type: FieldErrorTypes.invalid, field: 'metadata.resourceVersion', badValue: '', detail: 'must be specified for an update' },
      ]);
    }
    // A copy at another revision than the one asked for is no use: only a write at its own revision proves it current.
    const copy = options.dryRun ? undefined : this.#suggested(ref);
    const suggested = conditional && copy?.revision !== Number(rv) ? undefined : copy;
    return this.#untilWritten(ref, name, suggested, (current) => this.#updateOnce(ref, namespace, name, object, current, ctx, options, conditional ? Number(rv) : undefined));
  }

  /**
   * Upstream's GuaranteedUpdate loop: `once` on the `suggested` copy first, if any — and again on
   * storage's state if that fails with a refusal — then on storage's state again each time `once`
   * lost to another writer (RetryUnconditional), at most MAX_UNCONDITIONAL_ATTEMPTS times.
   */
  async #untilWritten<T>(ref: ObjectRef, name: string, suggested: Current | undefined, once: (current: Current | undefined) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const guess = suggested;
      suggested = undefined;
      try {
        return await once(guess ?? (await this.#read(ref, name)));
      } catch (err) {
        if (guess && redoable(err)) {
          attempt--; // the cached copy was not current: again on storage's state
          continue;
        }
        if (err instanceof RetryUnconditional && attempt < MAX_UNCONDITIONAL_ATTEMPTS) continue;
        throw err instanceof RetryUnconditional ? err.cause : err;
      }
    }
  }

  /** One try of update(): on `current`, written at its revision (or `precondition`'s); a Conflict an unconditional update may retry is a RetryUnconditional. */
  async #updateOnce(
    ref: ObjectRef,
    namespace: string,
    name: string,
    object: KubeObject,
    current: Current | undefined,
    ctx: WriteContext,
    options: WriteOptions,
    precondition: number | undefined,
  ): Promise<UpdateOutcome> {
    const conditional = precondition !== undefined;
    if (!current) {
      if (!this.#strategy.allowCreateOnUpdate) throw notFound(this.definition, name);
      return { object: await this.create(namespace, object, ctx, options), created: true };
    }
    const managed = options.manageFields?.(object, current.object) ?? object;
    const prepared = inSpanSync(tracer, 'validation', { attributes: objectAttributes({ resource: this.definition.resource, namespace, name, revision: current.revision }) }, () =>
      beforeUpdate(this.definition, this.#strategy, withoutResourceVersion(managed), current.object),
    );
    const expectedRevision = precondition ?? current.revision;
    if (options.dryRun) {
      if (expectedRevision !== current.revision) throw conflict(this.definition, name);
      await (await this.#options.hooks?.beginUpdate?.(prepared, current.object, ctx, { dryRun: true }))?.(true);
      return { object: { ...prepared, metadata: { ...prepared.metadata, resourceVersion: String(current.revision) } }, created: false };
    }
    if ((this.#options.shouldDeleteDuringUpdate ?? shouldDeleteDuringUpdate)(prepared, current.object)) {
      // The last finalizer is gone: the update deletes the object and answers with the object as updated.
      if (expectedRevision !== current.revision) throw conflict(this.definition, name);
      try {
        await this.#remove(ref, current.revision, current.object, {}, ctx, current.cached ?? false);
      } catch (err) {
        if (!conditional && isStorageError(err, 'Conflict')) throw new RetryUnconditional(this.#interpret(err, name));
        throw this.#interpret(err, name);
      }
      return { object: { ...prepared, metadata: { ...prepared.metadata, resourceVersion: String(current.revision) } }, created: false };
    }
    const finish = await this.#options.hooks?.beginUpdate?.(prepared, current.object, ctx, { dryRun: false });
    try {
      const { object: stored } = await this.#store.update({ ref, object: prepared, ...this.#node(prepared), expectedRevision }, ctx);
      await finish?.(true);
      return { object: stored, created: false };
    } catch (err) {
      await finish?.(false);
      if (!conditional && isStorageError(err, 'Conflict')) throw new RetryUnconditional(this.#interpret(err, name));
      throw this.#interpret(err, name);
    }
  }

  /**
   * PATCH: `apply` makes the new object from the current one; it is written only if the object has
   * not moved on, and recomputed from the new current state if it has — unless the patch itself
   * named a resourceVersion, which then is a precondition (upstream's patcher).
   */
  async patch(namespace: string, name: string, apply: (current: KubeObject) => KubeObject, ctx: WriteContext, options: WriteOptions = {}): Promise<KubeObject> {
    let suggested = options.dryRun ? undefined : this.#suggested(this.#ref(namespace, name));
    for (let attempt = 1; ; attempt++) {
      const guess = suggested;
      suggested = undefined;
      const current = guess?.object ?? (await this.get(namespace, name));
      let pinned = false;
      try {
        const patched = apply(current);
        pinned = patched.metadata?.resourceVersion !== current.metadata?.resourceVersion;
        const object = { ...patched, metadata: { ...patched.metadata, resourceVersion: patched.metadata?.resourceVersion ?? current.metadata!.resourceVersion! } };
        return (await this.update(namespace, name, object, ctx, options)).object;
      } catch (err) {
        if (guess && redoable(err)) {
          attempt--; // the cached copy was not current: the patch again, on storage's state
          continue;
        }
        if (!pinned && isStatusError(err) && err.reason === 'Conflict' && attempt < MAX_UNCONDITIONAL_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  /**
   * storage.GuaranteedUpdate for subresources that write outside the resource's strategy
   * (pods/binding): `mutate` makes the new object from the current one (and may refuse with a
   * StatusError); it is written at the read revision, and recomputed if another writer got in
   * first. Preconditions are upstream's (409 naming the precondition that failed).
   */
  async guaranteedUpdate(namespace: string, name: string, mutate: (current: KubeObject) => KubeObject, ctx: WriteContext, preconditions: { uid?: string; resourceVersion?: string } = {}): Promise<KubeObject> {
    const ref = this.#ref(namespace, name);
    return this.#untilWritten(ref, name, this.#suggested(ref), (current) => this.#guaranteedUpdateOnce(ref, name, current, mutate, ctx, preconditions));
  }

  async #guaranteedUpdateOnce(
    ref: ObjectRef,
    name: string,
    current: Current | undefined,
    mutate: (current: KubeObject) => KubeObject,
    ctx: WriteContext,
    preconditions: { uid?: string; resourceVersion?: string },
  ): Promise<KubeObject> {
    if (!current) throw notFound(this.definition, name);
    const meta = current.object.metadata ?? {};
    if (preconditions.uid && preconditions.uid !== meta.uid) {
      throw conflict(this.definition, name, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${meta.uid ?? ''}`);
    }
    if (preconditions.resourceVersion && preconditions.resourceVersion !== meta.resourceVersion) {
      throw conflict(this.definition, name, `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`);
    }
    const updated = withoutResourceVersion(mutate(deepCopy(current.object)));
    try {
      return (await this.#store.update({ ref, object: updated, ...this.#node(updated), expectedRevision: current.revision }, ctx)).object;
    } catch (err) {
      if (isStorageError(err, 'Conflict')) throw new RetryUnconditional(this.#interpret(err, name));
      throw this.#interpret(err, name);
    }
  }

  /**
   * DELETE (upstream's Store.Delete): planned on the object as read — preconditions, graceful
   * deletion, the garbage collector's finalizers — then written at that revision, and planned
   * again if another writer got in first. An object that finalizers or a grace period keep is
   * updated (deletionTimestamp) and stays; otherwise it is removed.
   */
  async delete(namespace: string, name: string, options: DeleteOptions, ctx: WriteContext): Promise<DeleteOutcome> {
    const ref = this.#ref(namespace, name);
    let suggested = isDryRun(options) ? undefined : this.#suggested(ref);
    for (let attempt = 1; ; attempt++) {
      const guess = suggested;
      suggested = undefined;
      const current = guess ?? (await this.#read(ref, name));
      if (!current) throw notFound(this.definition, name);
      const plan = this.#planDelete(current.object, options, current.cached ?? false);
      const unchanged = plan?.kind === 'update' && isDeepStrictEqual(withoutResourceVersion(plan.object), withoutResourceVersion(current.object));
      if (!plan || (guess && (plan.kind === 'pending' || (unchanged && !plan.thenDelete)))) {
        attempt--; // a refusal, or an answer without a write, does not prove the cached copy current
        continue;
      }
      try {
        switch (plan.kind) {
          case 'pending':
            return { object: current.object, deleted: false };
          case 'delete':
            return { object: await this.#remove(ref, current.revision, current.object, options, ctx, current.cached ?? false), deleted: true };
          case 'update': {
            if (isDryRun(options)) return { object: plan.object, deleted: plan.thenDelete };
            const updated = unchanged ? current.object : (await this.#store.update({ ref, object: withoutResourceVersion(plan.object), ...this.#node(plan.object), expectedRevision: current.revision }, ctx)).object;
            if (!plan.thenDelete) return { object: updated, deleted: false };
            return { object: await this.#remove(ref, Number(updated.metadata!.resourceVersion), updated, options, ctx, unchanged && (current.cached ?? false)), deleted: true };
          }
          default: {
            const never: never = plan;
            throw new Error(`unknown delete plan ${String(never)}`);
          }
        }
      } catch (err) {
        if (guess && (isStorageError(err, 'Conflict') || isStorageError(err, 'KeyNotFound'))) {
          attempt--; // the cached copy was not current: again on storage's state
          continue;
        }
        if (isStorageError(err, 'Conflict') && err.details.precondition !== 'uid' && attempt < MAX_UNCONDITIONAL_ATTEMPTS) continue;
        throw this.#interpret(err, name);
      }
    }
  }

  /** planDelete; undefined when it refuses (a failed precondition) a cached copy, which is then read again. */
  #planDelete(object: KubeObject, options: DeleteOptions, cached: boolean): DeletePlan | undefined {
    try {
      return planDelete(object, options, this.definition, this.#strategy.gracePeriod);
    } catch (err) {
      if (cached && redoable(err)) return undefined;
      throw err;
    }
  }

  /**
   * Removes the object at `revision` (a dry run only says what it would remove), then runs
   * afterDelete. `cached`: `last` is the watch cache's copy, whose absence from storage is no
   * proof that another delete removed it.
   */
  async #remove(ref: ObjectRef, revision: number, last: KubeObject, options: DeleteOptions, ctx: WriteContext, cached: boolean): Promise<KubeObject> {
    if (isDryRun(options)) return last;
    let removed: KubeObject;
    try {
      removed = (await this.#store.delete({ ref, expectedRevision: revision }, ctx)).object;
    } catch (err) {
      // Another delete got there first (upstream ignores that NotFound after a graceful update).
      if (cached || !isStorageError(err, 'KeyNotFound')) throw err;
      removed = last;
    }
    await this.#options.hooks?.afterDelete?.(removed, ctx);
    return removed;
  }

  #node(object: KubeObject): { node?: string } {
    const node = this.#strategy.nodeName?.(object);
    return node ? { node } : {};
  }
}
