import type { KubeObject } from '@kubeledger/api';

interface Assumed {
  readonly pod: KubeObject;
  /** Set once the binding succeeded: the entry then waits for the informer to show the pod bound. */
  boundAt?: number;
}

/**
 * The pods this scheduler placed but the informer does not show bound yet (upstream's assumed
 * pods in the scheduler cache): each is counted on its node in the next snapshots, so a burst of
 * pods spreads instead of piling onto the node that looked emptiest before any binding landed.
 * An entry goes when the informer shows the pod bound or deleted ({@link forget}), when its
 * binding fails, or `ttlMs` after a successful binding that the informer never showed.
 */
export class AssumedPods {
  readonly #pods = new Map<string, Assumed>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** `pod` placed on `node` (the copy kept has `spec.nodeName` set). */
  assume(key: string, pod: KubeObject, node: string): void {
    this.#pods.set(key, { pod: { ...pod, spec: { ...(pod['spec'] as object), nodeName: node } } });
  }

  /** The binding was accepted: the entry now expires after the TTL unless the informer catches up first. */
  finishBinding(key: string): void {
    const entry = this.#pods.get(key);
    if (entry) entry.boundAt = this.#now();
  }

  forget(key: string): void {
    this.#pods.delete(key);
  }

  has(key: string): boolean {
    return this.#pods.has(key);
  }

  /** The assumed pods (expired entries dropped first). */
  pods(): Map<string, KubeObject> {
    const now = this.#now();
    const out = new Map<string, KubeObject>();
    for (const [key, entry] of this.#pods) {
      if (entry.boundAt !== undefined && now - entry.boundAt > this.#ttlMs) this.#pods.delete(key);
      else out.set(key, entry.pod);
    }
    return out;
  }

  get size(): number {
    return this.#pods.size;
  }
}
