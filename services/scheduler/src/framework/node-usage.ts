import type { KubeObject } from '@kubeledger/api';
import { podKey } from '../pod-key.js';
import { isTerminal, nodeNameOf } from '../pod-predicates.js';
import { addRequests, NO_REQUESTS, podRequests, type Requests } from './pod-resources.js';

/** What the pods on one node request, and how many they are. */
export interface Usage {
  readonly requested: Requests;
  readonly podCount: number;
}

const NONE: Usage = { requested: NO_REQUESTS, podCount: 0 };

/**
 * What the pods bound to each node and not finished (Succeeded, Failed) request of it, kept up to
 * date one pod at a time ({@link set}) — fed by the pod informer's notifications, as upstream's
 * scheduler cache keeps its NodeInfos — so a scheduling cycle reads it per node instead of going
 * over every pod in the cluster. Each pod's part is remembered under its key, so a change or a
 * deletion takes back exactly what it added.
 */
export class NodeUsage {
  readonly #pods = new Map<string, { readonly node: string; readonly requested: Requests }>();
  readonly #nodes = new Map<string, { requested: Requests; podCount: number }>();

  /** The usage of `pods` (keyed by {@link podKey}). */
  static of(pods: Iterable<KubeObject>): NodeUsage {
    const usage = new NodeUsage();
    for (const pod of pods) usage.set(podKey(pod), pod);
    return usage;
  }

  /** The pod at `key` is now `pod`; undefined: it is gone. */
  set(key: string, pod: KubeObject | undefined): void {
    const before = this.#pods.get(key);
    if (before) {
      this.#pods.delete(key);
      const entry = this.#nodes.get(before.node)!;
      entry.requested = addRequests(entry.requested, before.requested, -1);
      if (--entry.podCount === 0) this.#nodes.delete(before.node);
    }
    const node = pod ? nodeNameOf(pod) : '';
    if (!pod || !node || isTerminal(pod)) return;
    const requested = podRequests(pod);
    this.#pods.set(key, { node, requested });
    const entry = this.#nodes.get(node) ?? { requested: NO_REQUESTS, podCount: 0 };
    entry.requested = addRequests(entry.requested, requested);
    entry.podCount++;
    this.#nodes.set(node, entry);
  }

  /** Where the pod at `key` is counted, and for what; undefined when it is not (unbound, finished, unknown). */
  placed(key: string): { readonly node: string; readonly requested: Requests } | undefined {
    return this.#pods.get(key);
  }

  node(name: string): Usage {
    const entry = this.#nodes.get(name);
    return entry ? { requested: entry.requested, podCount: entry.podCount } : NONE;
  }
}
