import { rfc3339, type KubeObject, type StatusReason } from '@kubeledger/api';
import type { BusEvent, EventSubscription, SubscribeOptions } from '@kubeledger/bus';
import { ApiError, type EventSource, type KubeClient, type ResourceRef } from '@kubeledger/client';

type Client = Pick<KubeClient, 'list' | 'get' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete'>;

const refKey = (ref: ResourceRef, namespace: string | undefined, name: string) => `${ref.group}/${ref.resource}/${namespace ?? ''}/${name}`;
const fail = (code: number, reason: StatusReason, message: string) => new ApiError(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message }, 'test');

/**
 * Test support: the apiserver and the stream in one, in memory, for wiring tests — every write
 * (with resourceVersion preconditions, AlreadyExists, a status subresource) is appended as a bus
 * event that subscriptions deliver in revision order. Strategic merge patches are not served.
 */
export class InMemoryApi {
  #revision = 0;
  readonly #objects = new Map<string, { ref: ResourceRef; object: KubeObject }>();
  readonly #log: BusEvent[] = [];
  readonly #wakers = new Set<() => void>();
  readonly calls: string[] = [];

  all(ref: ResourceRef): KubeObject[] {
    return [...this.#objects.values()].filter((e) => e.ref.resource === ref.resource && e.ref.group === ref.group).map((e) => e.object);
  }

  readonly client: Client = {
    list: async (ref, opts = {}) => ({ items: this.all(ref).filter((o) => opts.namespace === undefined || o.metadata?.namespace === opts.namespace) as never[], resourceVersion: String(this.#revision) }),
    get: async (ref, namespace, name) => {
      const found = this.#objects.get(refKey(ref, namespace, name));
      if (!found) throw fail(404, 'NotFound', `${ref.resource} "${name}" not found`);
      return structuredClone(found.object) as never;
    },
    create: async (ref, namespace, object) => {
      this.calls.push(`create ${ref.resource}`);
      const name = object.metadata?.name ?? '';
      if (this.#objects.has(refKey(ref, namespace, name))) throw fail(409, 'AlreadyExists', `${ref.resource} "${name}" already exists`);
      const metadata = { ...object.metadata, namespace, uid: `uid-${this.#revision + 1}`, generation: 1, creationTimestamp: rfc3339(Date.now()) };
      return this.#write(ref, 'ADDED', { ...object, metadata }) as never;
    },
    update: async (ref, namespace, object) => {
      this.calls.push(`update ${ref.resource}`);
      const old = this.#current(ref, namespace, object);
      const generation = Number(old.metadata?.['generation'] ?? 1) + (JSON.stringify(old['spec']) === JSON.stringify(object['spec']) ? 0 : 1);
      return this.#write(ref, 'MODIFIED', { ...object, status: old['status'], metadata: { ...object.metadata, generation } }) as never;
    },
    updateStatus: async (ref, namespace, object) => {
      this.calls.push(`update ${ref.resource}/status`);
      const old = this.#current(ref, namespace, object);
      // A Deployment's status write keeps the annotations it is sent, as the apiserver's.
      const metadata = ref.resource === 'deployments' ? { ...old.metadata, annotations: object.metadata?.['annotations'] } : old.metadata;
      return this.#write(ref, 'MODIFIED', { ...old, metadata, status: object['status'] }) as never;
    },
    patch: async () => {
      throw fail(415, 'UnsupportedMediaType', 'not served by the in-memory api');
    },
    delete: async (ref, namespace, name) => {
      this.calls.push(`delete ${ref.resource}`);
      const found = this.#objects.get(refKey(ref, namespace, name));
      if (!found) throw fail(404, 'NotFound', `${ref.resource} "${name}" not found`);
      this.#write(ref, 'DELETED', found.object);
    },
  };

  readonly subscribe: EventSource = async (options: SubscribeOptions): Promise<EventSubscription> => {
    let position = options.fromRevision;
    let closed = false;
    let wake: (() => void) | undefined;
    const matches = (e: BusEvent) => (options.filter?.group === undefined || e.ref.group === options.filter.group) && (options.filter?.resource === undefined || e.ref.resource === options.filter.resource);
    const waker = () => wake?.();
    this.#wakers.add(waker);
    const log = this.#log;
    return {
      close: async () => {
        closed = true;
        this.#wakers.delete(waker);
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          const next = log.find((e) => e.revision > position);
          if (!next) {
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          position = next.revision;
          if (matches(next)) yield next;
        }
      },
    };
  };

  #current(ref: ResourceRef, namespace: string | undefined, object: KubeObject): KubeObject {
    const found = this.#objects.get(refKey(ref, namespace, object.metadata?.name ?? ''));
    if (!found) throw fail(404, 'NotFound', `${ref.resource} "${object.metadata?.name}" not found`);
    const rv = object.metadata?.resourceVersion;
    if (rv !== undefined && rv !== found.object.metadata?.resourceVersion) throw fail(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again');
    return found.object;
  }

  #write(ref: ResourceRef, type: BusEvent['type'], object: KubeObject): KubeObject {
    const revision = ++this.#revision;
    const stored = { ...structuredClone(object), metadata: { ...structuredClone(object.metadata), resourceVersion: String(revision) } };
    const ns = stored.metadata.namespace;
    const key = refKey(ref, ns, stored.metadata.name ?? '');
    if (type === 'DELETED') this.#objects.delete(key);
    else this.#objects.set(key, { ref, object: stored });
    this.#log.push({ type, revision, ref: { group: ref.group, resource: ref.resource, namespace: ns ?? '', name: stored.metadata.name ?? '' }, node: '', uid: String(stored.metadata.uid ?? ''), object: stored, oversize: false });
    for (const waker of this.#wakers) waker();
    return structuredClone(stored);
  }
}
