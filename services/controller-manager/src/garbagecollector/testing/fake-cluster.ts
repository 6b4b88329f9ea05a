import type { KubeObject, Status, StatusReason } from '@kubeledger/api';
import type { BusEvent, EventSubscription, SubscribeOptions } from '@kubeledger/bus';
import { ApiError, refName, type DeleteOptions, type EventSource, type KubeClient, type ListResult, type PatchType, type ResourceRef } from '@kubeledger/client';
import type { DiscoveredResource } from '../../controller-utils/discover-resources.js';
import { finalizersOf, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../gc-finalizers.js';
import { SERVED_RESOURCES } from './served-resources.js';

type Client = Pick<KubeClient, 'list' | 'get' | 'patch' | 'delete' | 'requestJson'>;
interface OwnerRef {
  readonly uid: string;
  readonly $patch?: string;
  readonly [field: string]: unknown;
}

const apiError = (code: number, reason: StatusReason, message: string) =>
  new ApiError(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message } satisfies Status, 'fake');

/**
 * The apiserver and the bus in memory, for the garbage collector's controller tests: objects by
 * resource, namespace and name with a revision per write, an event log the informers follow, and
 * the apiserver's deletion semantics the collector relies on (uid preconditions, the `orphan` and
 * `foregroundDeletion` finalizers of Orphan and Foreground deletes, deletionTimestamp while
 * finalizers remain, deletion once the last one is removed). Patches are the two the collector
 * sends: strategic merge of ownerReferences (merge key uid, `$patch: delete`, `metadata.uid`
 * precondition) and merge of finalizers (`metadata.resourceVersion` precondition). Every write
 * is recorded in {@link writes}. Discovery (`GET /api/v1`, `/apis`, `/apis/<group>/<version>`
 * through `request`) lists the resources served, {@link SERVED_RESOURCES} unless given; {@link serve} adds one.
 */
export class FakeCluster {
  readonly #served: DiscoveredResource[];
  readonly #objects = new Map<string, { resource: ResourceRef; object: KubeObject }>();
  readonly #log: BusEvent[] = [];
  readonly #wakers = new Set<() => void>();
  #revision = 0;
  readonly writes: string[] = [];

  constructor(served: readonly DiscoveredResource[] = SERVED_RESOURCES) {
    this.#served = [...served];
  }

  /** Serves one more resource (discovery lists it from now on). */
  serve(resource: DiscoveredResource): void {
    this.#served.push(resource);
  }

  readonly client: Client = {
    list: async <T extends KubeObject>(ref: ResourceRef): Promise<ListResult<T>> => ({
      items: [...this.#objects.values()].filter((o) => refName(o.resource) === refName(ref)).map((o) => structuredClone(o.object) as T),
      resourceVersion: String(this.#revision),
    }),
    get: async <T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string): Promise<T> => structuredClone(this.#find(ref, namespace, name)) as T,
    patch: async <T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, patch: unknown, type: PatchType): Promise<T> =>
      this.#patch(ref, namespace, name, patch as { metadata: Record<string, unknown> }, type) as T,
    delete: async (ref: ResourceRef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<void> => this.#delete(ref, namespace, name, opts),
    requestJson: async <T>(method: string, path: string): Promise<T> => this.#discovery(method, path) as T,
  };

  /** Follows the log like `subscribeEvents`: the events after `fromRevision` of the filter's group and resource. */
  readonly source: EventSource = async (options: SubscribeOptions): Promise<EventSubscription> => {
    let position = options.fromRevision;
    let closed = false;
    let wake: (() => void) | undefined;
    const log = this.#log;
    const wakers = this.#wakers;
    const matches = (e: BusEvent) => (options.filter?.group === undefined || e.ref.group === options.filter.group) && (options.filter?.resource === undefined || e.ref.resource === options.filter.resource);
    return {
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          const event = log.find((e) => e.revision > position);
          if (!event) {
            await new Promise<void>((resolve) => wakers.add((wake = resolve)));
            wakers.delete(wake!);
            continue;
          }
          position = event.revision;
          if (matches(event)) yield event;
          options.onPosition?.(event.revision);
        }
      },
      close: async () => {
        closed = true;
        wake?.();
      },
    };
  };

  /** Stores a new object (uid `<name>-uid` unless given), as a create does. */
  create(resource: ResourceRef, object: KubeObject): KubeObject {
    const meta = object.metadata ?? {};
    const stored = { ...object, metadata: { ...meta, uid: meta.uid ?? `${meta.name}-uid` } };
    this.#write('ADDED', resource, stored);
    return stored;
  }

  /** The stored object, or undefined. */
  peek(resource: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#objects.get(keyOf(resource, namespace, name))?.object;
  }

  /** A delete by a user (not recorded in {@link writes}). */
  userDelete(resource: ResourceRef, namespace: string | undefined, name: string, propagationPolicy?: DeleteOptions['propagationPolicy']): Promise<void> {
    return this.#delete(resource, namespace, name, propagationPolicy ? { propagationPolicy } : {}, false);
  }

  /** The discovery documents of what is served (only GETs: anything else is refused with 405). */
  #discovery(method: string, path: string): unknown {
    const list = (group: string, version: string) => ({
      resources: this.#served.filter((r) => r.group === group && r.version === version).map((r) => ({ name: r.resource, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs })),
    });
    if (method !== 'GET') throw apiError(405, 'MethodNotAllowed', `${method} ${path} is not allowed`);
    if (path === '/api/v1') return list('', 'v1');
    if (path === '/apis') {
      const groups = [...new Map(this.#served.filter((r) => r.group).map((r) => [r.group, r.version])).entries()];
      return { groups: groups.map(([name, version]) => ({ name, preferredVersion: { version }, versions: [{ version }] })) };
    }
    const [, , group, version] = path.split('/');
    return list(group ?? '', version ?? '');
  }

  #find(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject {
    const found = this.#objects.get(keyOf(ref, namespace, name));
    if (!found) throw apiError(404, 'NotFound', `${refName(ref)} "${name}" not found`);
    return found.object;
  }

  #write(type: BusEvent['type'], resource: ResourceRef, object: KubeObject): void {
    const revision = ++this.#revision;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
    const namespace = resource.namespaced ? (stored.metadata.namespace ?? '') : '';
    const name = stored.metadata.name ?? '';
    if (type === 'DELETED') this.#objects.delete(keyOf(resource, namespace, name));
    else this.#objects.set(keyOf(resource, namespace, name), { resource, object: stored });
    this.#log.push({ type, revision, ref: { group: resource.group, resource: resource.resource, namespace, name }, node: '', uid: stored.metadata.uid ?? '', object: stored, oversize: false });
    for (const wake of [...this.#wakers]) wake();
  }

  async #delete(ref: ResourceRef, namespace: string | undefined, name: string, opts: DeleteOptions, record = true): Promise<void> {
    const current = this.#find(ref, namespace, name);
    if (opts.preconditions?.uid !== undefined && opts.preconditions.uid !== current.metadata?.uid) throw apiError(409, 'Conflict', 'the UID in the precondition does not match');
    if (record) this.writes.push(`delete ${refName(ref)} ${name} ${opts.propagationPolicy ?? ''}`.trim());
    const gc = opts.propagationPolicy === 'Orphan' ? [ORPHAN_FINALIZER] : opts.propagationPolicy === 'Foreground' ? [FOREGROUND_FINALIZER] : [];
    const kept = finalizersOf(current).filter((f) => opts.propagationPolicy === undefined || (f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER));
    const finalizers = [...kept, ...gc.filter((f) => !kept.includes(f))];
    if (finalizers.length === 0) return this.#write('DELETED', ref, current);
    this.#write('MODIFIED', ref, { ...current, metadata: { ...current.metadata, finalizers, deletionTimestamp: current.metadata?.['deletionTimestamp'] ?? '2025-01-01T00:00:00Z' } });
  }

  #patch(ref: ResourceRef, namespace: string | undefined, name: string, patch: { metadata: Record<string, unknown> }, type: PatchType): KubeObject {
    const current = this.#find(ref, namespace, name);
    const meta = current.metadata ?? {};
    const next = structuredClone(current);
    if (type === 'strategic') {
      if (patch.metadata['uid'] !== undefined && patch.metadata['uid'] !== meta.uid) throw apiError(422, 'Invalid', 'metadata.uid: field is immutable');
      let refs = [...((meta['ownerReferences'] ?? []) as OwnerRef[])];
      for (const entry of (patch.metadata['ownerReferences'] ?? []) as OwnerRef[]) {
        if (entry.$patch === 'delete') refs = refs.filter((r) => r.uid !== entry.uid);
        else refs = refs.map((r) => (r.uid === entry.uid ? { ...r, ...entry } : r));
      }
      next.metadata!['ownerReferences'] = refs;
      this.writes.push(`patch ${refName(ref)} ${name} ownerReferences=[${refs.map((r) => r.uid).join(',')}]`);
    } else if (type === 'merge') {
      const rv = patch.metadata['resourceVersion'];
      if (rv !== undefined && rv !== meta.resourceVersion) throw apiError(409, 'Conflict', 'the object has been modified');
      const finalizers = (patch.metadata['finalizers'] ?? []) as string[];
      next.metadata!['finalizers'] = finalizers;
      this.writes.push(`patch ${refName(ref)} ${name} finalizers=[${finalizers.join(',')}]`);
      if (finalizers.length === 0 && meta['deletionTimestamp']) {
        this.#write('DELETED', ref, next);
        return next;
      }
    } else throw new Error(`the fake cluster does not take ${type} patches`);
    this.#write('MODIFIED', ref, next);
    return next;
  }
}

const keyOf = (resource: ResourceRef, namespace: string | undefined, name: string) => `${refName(resource)}/${resource.namespaced ? (namespace ?? '') : ''}/${name}`;
