/**
 * The owners known not to exist (upstream's `absentOwnerCache`): once a lookup found no owner with
 * a reference's uid, or the informer saw that owner deleted, the dependents that still name it
 * need not ask the apiserver again — a uid is never reused. Keyed by the namespace the owner was
 * looked up in (`''` for a cluster-scoped owner) and its uid; bounded, least recently used first out.
 */
export class AbsentOwnerCache {
  readonly #max: number;
  readonly #keys = new Set<string>();

  constructor(max = 500) {
    this.#max = max;
  }

  has(namespace: string, uid: string): boolean {
    const key = keyOf(namespace, uid);
    if (!this.#keys.has(key)) return false;
    // Touch: most recently used last.
    this.#keys.delete(key);
    this.#keys.add(key);
    return true;
  }

  add(namespace: string, uid: string): void {
    const key = keyOf(namespace, uid);
    this.#keys.delete(key);
    this.#keys.add(key);
    if (this.#keys.size > this.#max) this.#keys.delete(this.#keys.values().next().value!);
  }

  get size(): number {
    return this.#keys.size;
  }
}

const keyOf = (namespace: string, uid: string) => `${namespace}/${uid}`;
