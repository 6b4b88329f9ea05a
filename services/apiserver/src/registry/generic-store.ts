import {
  FieldErrorTypes,
  badRequest,
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
} from '@kubeledger/api';
import { isStorageError, type EventStore, type ListResult, type WriteContext } from '@kubeledger/event-store';
import { beforeCreate, beforeUpdate } from './before-write.js';
import { interpretStorageError } from './interpret-errors.js';
import type { ResourceDefinition } from './resource-definition.js';
import type { ResourceStrategy } from './strategy.js';

/** Re-reads an unconditional update does when other writers keep getting in first. */
const MAX_UNCONDITIONAL_ATTEMPTS = 10;

export interface ListRequest {
  readonly namespace: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly labelSelector?: readonly LabelRequirement[];
  readonly fieldSelector?: readonly FieldRequirement[];
}

export interface UpdateOutcome {
  readonly object: KubeObject;
  readonly created: boolean;
}

export interface DeletePreconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/**
 * The generic registry store (upstream's registry.Store): one resource's verbs over the event
 * store, in upstream order — strategy, then storage, with storage errors turned into Status
 * errors in one place. Handlers call it; it never sees HTTP.
 */
export class GenericStore {
  readonly definition: ResourceDefinition;
  readonly #strategy: ResourceStrategy;
  readonly #store: EventStore;

  constructor(definition: ResourceDefinition, strategy: ResourceStrategy, store: EventStore) {
    this.definition = definition;
    this.#strategy = strategy;
    this.#store = store;
  }

  #ref(namespace: string, name: string): ObjectRef {
    return { group: this.definition.group, resource: this.definition.resource, namespace: this.definition.namespaced ? namespace : '', name };
  }

  #interpret(err: unknown, name: string): unknown {
    return interpretStorageError(err, this.definition, name);
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    const found = await this.#store.get(this.#ref(namespace, name)).catch((err: unknown) => Promise.reject(this.#interpret(err, name)));
    if (!found) throw notFound(this.definition, name);
    return found.object;
  }

  /**
   * One page of the resource's objects at one revision, filtered by the selectors (a page may hold
   * fewer than `limit` items then, as upstream's may; `continue` goes on from where it read).
   */
  async list(request: ListRequest): Promise<ListResult> {
    const { group, resource, namespaced } = this.definition;
    const fields = request.fieldSelector ?? [];
    for (const f of fields) this.#checkSelectableField(f.field);
    let result: ListResult;
    try {
      result = await this.#store.list({
        scope: { group, resource, ...(namespaced && request.namespace ? { namespace: request.namespace } : {}) },
        ...(request.limit !== undefined && { limit: request.limit }),
        ...(request.continue !== undefined && { continue: request.continue }),
      });
    } catch (err) {
      throw this.#interpret(err, '');
    }
    const labels = request.labelSelector ?? [];
    if (labels.length === 0 && fields.length === 0) return result;
    return {
      ...result,
      items: result.items.filter(
        (i) => matchesLabels(labels, i.object.metadata?.labels) && matchesFields(fields, this.#fieldsOf(i.object)),
      ),
    };
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

  async create(namespace: string, object: KubeObject, ctx: WriteContext): Promise<KubeObject> {
    const prepared = beforeCreate(this.definition, this.#strategy, object, namespace);
    const name = prepared.metadata!.name!;
    try {
      const { object: stored } = await this.#store.create({ ref: this.#ref(namespace, name), object: prepared, ...this.#node(prepared) }, ctx);
      return stored;
    } catch (err) {
      throw this.#interpret(err, name);
    }
  }

  /**
   * PUT: conditional when the object carries metadata.resourceVersion (409 if the object moved on);
   * otherwise, if the strategy allows, applied to whatever is current — read, prepare, write at the
   * read revision, and again if another writer got in between (upstream's GuaranteedUpdate).
   */
  async update(namespace: string, name: string, object: KubeObject, ctx: WriteContext): Promise<UpdateOutcome> {
    const ref = this.#ref(namespace, name);
    const rv = object.metadata?.resourceVersion;
    const conditional = rv !== undefined && rv !== '';
    if (conditional && !/^[1-9][0-9]*$/.test(rv)) throw badRequest(`invalid resourceVersion "${rv}": must be a positive integer`);
    if (!conditional && !this.#strategy.allowUnconditionalUpdate) {
      throw invalid({ group: this.definition.group, kind: this.definition.kind }, name, [
        { type: FieldErrorTypes.invalid, field: 'metadata.resourceVersion', badValue: '', detail: 'must be specified for an update' },
      ]);
    }
    for (let attempt = 1; ; attempt++) {
      const current = await this.#store.get(ref).catch((err: unknown) => Promise.reject(this.#interpret(err, name)));
      if (!current) {
        if (!this.#strategy.allowCreateOnUpdate) throw notFound(this.definition, name);
        return { object: await this.create(namespace, object, ctx), created: true };
      }
      const prepared = beforeUpdate(this.definition, this.#strategy, withoutResourceVersion(object), current.object);
      try {
        const { object: stored } = await this.#store.update(
          { ref, object: prepared, ...this.#node(prepared), expectedRevision: conditional ? Number(rv) : current.revision },
          ctx,
        );
        return { object: stored, created: false };
      } catch (err) {
        if (!conditional && isStorageError(err, 'Conflict') && attempt < MAX_UNCONDITIONAL_ATTEMPTS) continue;
        throw this.#interpret(err, name);
      }
    }
  }

  /**
   * PATCH: `apply` makes the new object from the current one; it is written only if the object has
   * not moved on, and recomputed from the new current state if it has — unless the patch itself
   * named a resourceVersion, which then is a precondition (upstream's patcher).
   */
  async patch(namespace: string, name: string, apply: (current: KubeObject) => KubeObject, ctx: WriteContext): Promise<KubeObject> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(namespace, name);
      const patched = apply(current);
      const pinned = patched.metadata?.resourceVersion !== current.metadata?.resourceVersion;
      const object = { ...patched, metadata: { ...patched.metadata, resourceVersion: patched.metadata?.resourceVersion ?? current.metadata!.resourceVersion! } };
      try {
        return (await this.update(namespace, name, object, ctx)).object;
      } catch (err) {
        if (!pinned && isStatusError(err) && err.reason === 'Conflict' && attempt < MAX_UNCONDITIONAL_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  async delete(namespace: string, name: string, preconditions: DeletePreconditions, ctx: WriteContext): Promise<KubeObject> {
    try {
      const { object } = await this.#store.delete(
        {
          ref: this.#ref(namespace, name),
          ...(preconditions.uid && { expectedUid: preconditions.uid }),
          ...(preconditions.resourceVersion && { expectedRevision: Number(preconditions.resourceVersion) }),
        },
        ctx,
      );
      return object;
    } catch (err) {
      throw this.#interpret(err, name);
    }
  }

  #node(object: KubeObject): { node?: string } {
    const node = this.#strategy.nodeName?.(object);
    return node ? { node } : {};
  }
}
