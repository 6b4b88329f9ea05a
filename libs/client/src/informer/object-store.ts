import type { KubeObject } from '@kubeledger/api';
import type { Indexers } from './indexers.js';

/** The cache key of an object: `<namespace>/<name>`, or `<name>` when cluster-scoped (client-go's `MetaNamespaceKeyFunc`). */
export function objectStoreKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** {@link objectStoreKey} of an object. */
export function keyOf(object: KubeObject): string {
  const name = object.metadata?.name;
  if (!name) throw new Error('an object in an informer needs metadata.name');
  return objectStoreKey(object.metadata?.namespace, name);
}

/** The revision an object was last written at (0 when it carries none). */
export function revisionOf(object: KubeObject): number {
  const revision = Number(object.metadata?.resourceVersion);
  return Number.isSafeInteger(revision) ? revision : 0;
}

/**
 * The informer's cache: objects by key, and one inverted index per indexer (client-go's
 * `threadSafeStore` without the threads). Only the informer writes it.
 */
export class ObjectStore<T extends KubeObject = KubeObject> {
  readonly #objects = new Map<string, T>();
  readonly #indexers: Record<string, Indexers<T>[string]> = {};
  /** index name → value → keys. */
  readonly #indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Indexers<T> = {}) {
    this.addIndexers(indexers);
  }

  /**
   * Adds indexes, filing the objects already held (client-go's AddIndexers). A name already
   * declared keeps its first function: across one process an index name means one thing.
   */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.#indices.has(name)) continue;
      this.#indexers[name] = fn;
      this.#indices.set(name, new Map());
      for (const [key, object] of this.#objects) this.#fileUnder(name, fn, key, object);
    }
  }

  get size(): number {
    return this.#objects.size;
  }

  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  keys(): IterableIterator<string> {
    return this.#objects.keys();
  }

  values(): T[] {
    return [...this.#objects.values()];
  }

  entries(): IterableIterator<[string, T]> {
    return this.#objects.entries();
  }

  /** Adds or replaces the object at `key`; returns the one it replaced. */
  set(key: string, object: T): T | undefined {
    const old = this.#objects.get(key);
    if (old) this.#unindex(key, old);
    this.#objects.set(key, object);
    this.#index(key, object);
    return old;
  }

  /** Removes the object at `key`; returns it. */
  delete(key: string): T | undefined {
    const old = this.#objects.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#objects.delete(key);
    return old;
  }

  /** The objects filed under `value` in index `name`. Throws for an index that was not declared. */
  byIndex(name: string, value: string): T[] {
    const keys = this.#indices.get(name)?.get(value);
    if (!this.#indices.has(name)) throw new Error(`no index named ${JSON.stringify(name)} (have: ${[...this.#indices.keys()].join(', ') || 'none'})`);
    return keys ? [...keys].map((k) => this.#objects.get(k)!) : [];
  }

  /** The values index `name` holds objects under. */
  indexValues(name: string): string[] {
    const index = this.#indices.get(name);
    if (!index) throw new Error(`no index named ${JSON.stringify(name)}`);
    return [...index.keys()];
  }

  #index(key: string, object: T): void {
    for (const [name, fn] of Object.entries(this.#indexers)) this.#fileUnder(name, fn, key, object);
  }

  #fileUnder(name: string, fn: Indexers<T>[string], key: string, object: T): void {
    const index = this.#indices.get(name)!;
    for (const value of new Set(fn(object))) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  #unindex(key: string, object: T): void {
    for (const [name, fn] of Object.entries(this.#indexers)) {
      const index = this.#indices.get(name)!;
      for (const value of new Set(fn(object))) {
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}
