import type { KubeObject } from '@kubeledger/api';
import { ApiError } from './api-error.js';
import type { ClientConfig } from './client-config.js';
import { listAllPages, type ListResult } from './list-pager.js';
import {
  deleteBody,
  getQuery,
  listQuery,
  PatchContentTypes,
  writeQuery,
  type CallOptions,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  type WriteOptions,
} from './request-options.js';
import { collectionPath, objectPath, resourcePath, withQuery } from './resource-path.js';
import type { ResourceRef } from './resource-ref.js';
import { RestTransport, type RawResponse, type TransportDeps } from './rest-transport.js';
import { statusFromResponse } from './status-from-response.js';

/**
 * A typed REST client for the apiserver (client-go's dynamic client in shape): the verbs on any
 * {@link ResourceRef}, JSON in and out. Non-2xx answers reject with an {@link ApiError} carrying
 * the server's Status; failures to get an answer with a {@link TransportError}. Requests are
 * retried as retry-decision.ts describes, carry the active span's `traceparent` (or the call's),
 * and share one keep-alive connection pool until {@link close}. `T` names the type the answer is
 * read as; it is not checked. Argument mistakes (a namespaced resource without a namespace, an
 * object without a name) reject with a TypeError before anything is sent.
 */
export class KubeClient {
  readonly #transport: RestTransport;

  constructor(config: ClientConfig, deps: TransportDeps = {}) {
    this.#transport = new RestTransport(config, deps);
  }

  async get<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, opts: GetOptions = {}): Promise<T> {
    return this.#json<T>('GET', withQuery(objectPath(ref, namespace, name), getQuery(opts)), undefined, opts);
  }

  /** One page (or the whole list without `limit`). */
  async list<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: ListOptions = {}): Promise<ListResult<T>> {
    const list = await this.#json<{ items?: T[] | null; metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number } }>(
      'GET',
      withQuery(resourcePath(ref, opts.namespace), listQuery(opts)),
      undefined,
      opts,
    );
    const meta = list.metadata ?? {};
    return {
      items: list.items ?? [],
      resourceVersion: meta.resourceVersion ?? '',
      ...(meta.continue && { continue: meta.continue }),
      ...(meta.remainingItemCount !== undefined && { remainingItemCount: meta.remainingItemCount }),
    };
  }

  /** Every page (`limit` is the page size, default 500), as client-go's pager: `resourceVersion` is the first page's. */
  async listAll<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: ListOptions = {}): Promise<ListResult<T>> {
    return listAllPages((page) => this.list<T>(ref, page), opts);
  }

  async create<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, object: KubeObject, opts: WriteOptions = {}): Promise<T> {
    return this.#json<T>('POST', withQuery(collectionPath(ref, namespace), writeQuery(opts)), object, opts);
  }

  /** PUT: replaces the object named by `object.metadata.name`; its `resourceVersion`, when set, must be current (else 409). */
  async update<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, object: KubeObject, opts: WriteOptions = {}): Promise<T> {
    return this.#json<T>('PUT', withQuery(objectPath(ref, namespace, nameOf(object)), writeQuery(opts)), object, opts);
  }

  /** PUT on the `status` subresource: only the status changes. */
  async updateStatus<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, object: KubeObject, opts: WriteOptions = {}): Promise<T> {
    return this.#json<T>('PUT', withQuery(objectPath(ref, namespace, nameOf(object), 'status'), writeQuery(opts)), object, opts);
  }

  /** `merge` (RFC 7386) takes an object, `json` (RFC 6902) a list of operations. */
  async patch<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, patch: unknown, type: PatchType, opts: PatchOptions = {}): Promise<T> {
    if (type === 'json' && !Array.isArray(patch)) throw new TypeError('a JSON patch is a list of operations');
    const path = withQuery(objectPath(ref, namespace, name, opts.subresource), writeQuery(opts));
    return this.#json<T>('PATCH', path, patch, opts, PatchContentTypes[type]);
  }

  /** Resolves once the server has accepted the deletion (objects with finalizers stay until they are gone). */
  async delete(ref: ResourceRef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<void> {
    await this.#json('DELETE', objectPath(ref, namespace, name), deleteBody(opts), opts);
  }

  /** POST to a subresource: `pods/binding`, `serviceaccounts/token`, `pods/eviction`. Answers the object or Status the server sends. */
  async createSubresource<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: KubeObject, opts: WriteOptions = {}): Promise<T> {
    return this.#json<T>('POST', withQuery(objectPath(ref, namespace, name, subresource), writeQuery(opts)), body, opts);
  }

  /**
   * The escape hatch: any method on any path (with its query) under the server, the same headers,
   * timeout and retries; the answer whatever its status. A `body` that is not a string or bytes is
   * sent as JSON.
   */
  async request(method: string, path: string, body?: unknown, headers: Readonly<Record<string, string>> = {}, opts: CallOptions = {}): Promise<RawResponse> {
    if (!path.startsWith('/')) throw new TypeError(`a request path starts with "/": ${JSON.stringify(path)}`);
    const raw = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    return this.#transport.send(
      { method: method.toUpperCase(), path, body: raw ? (body as string | Uint8Array | undefined) : JSON.stringify(body), contentType },
      { ...opts, headers: { ...opts.headers, ...headers } },
    );
  }

  /**
   * `request` for a JSON API the typed calls do not cover (discovery, a subresource like
   * `namespaces/<name>/finalize`): `body` sent as JSON, a 2xx answer parsed (`{}` when empty), any
   * other thrown as the {@link ApiError} of its Status.
   */
  async requestJson<T = unknown>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
    if (!path.startsWith('/')) throw new TypeError(`a request path starts with "/": ${JSON.stringify(path)}`);
    return this.#json<T>(method.toUpperCase(), path, body, opts);
  }

  /** Closes the connections (the requests in flight finish first). */
  close(): Promise<void> {
    return this.#transport.close();
  }

  async #json<T>(method: string, path: string, body: unknown, opts: CallOptions, contentType?: string): Promise<T> {
    const res = await this.#transport.send({ method, path, body: body === undefined ? undefined : JSON.stringify(body), contentType }, opts);
    if (res.status < 200 || res.status > 299) throw apiError(method, path, res);
    if (!res.body) return {} as T;
    try {
      return JSON.parse(res.body) as T;
    } catch (err) {
      // Not a refusal but a broken answer: no Status to carry.
      throw new Error(`${this.#transport.describe(method, path)}: the ${res.status} answer is not JSON: ${res.body.slice(0, 200)}`, { cause: err });
    }
  }
}

/** The ApiError for a non-2xx answer. */
export function apiError(method: string, path: string, res: RawResponse): ApiError {
  const retryAfter = res.headers['retry-after'];
  const seconds = typeof retryAfter === 'string' && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
  return new ApiError(res.status, statusFromResponse(res.status, res.body, method), `${method} ${path}`, seconds);
}

function nameOf(object: KubeObject): string {
  const name = object.metadata?.name;
  if (!name) throw new TypeError('the object has no metadata.name');
  return name;
}
