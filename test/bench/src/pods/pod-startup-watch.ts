import type { HttpClient } from '../http-client.js';

/** What the benchmark saw of one pod, in performance.now() milliseconds of this process. */
export interface PodTimeline {
  /** When its create was due (the open-loop schedule; requests are sent then whatever came back before). */
  sentAt: number;
  /** When the create's response arrived. */
  createdAt?: number;
  /** When the watch first showed it (commit → relay → NATS → the apiserver's watch cache → this watch). */
  seenAt?: number;
  /** When the watch first showed it with spec.nodeName (the scheduler's binding). */
  boundAt?: number;
  node?: string;
  /** When the watch first showed status.phase Running. */
  runningAt?: number;
  /** When the watch first showed the Ready condition True. */
  readyAt?: number;
  /** metadata.creationTimestamp (RFC 3339, whole seconds) and the wall-clock time Ready was observed, for upstream's SLI. */
  creationTimestamp?: string;
  readyWallMs?: number;
}

interface PodFrame {
  readonly type: string;
  readonly object: {
    readonly kind?: string;
    readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly creationTimestamp?: string };
    readonly spec?: { readonly nodeName?: string };
    readonly status?: { readonly phase?: string; readonly conditions?: readonly { readonly type: string; readonly status: string }[] };
  };
}

/**
 * Follows the benchmark's pods through one Kubernetes watch (GET /api/v1/pods?watch=1 from a
 * resourceVersion, with a label selector) and stamps each pod with the time this process observed
 * it bound, Running and Ready — sub-millisecond times on one clock, where creationTimestamp has
 * whole seconds only. Pods are keyed `<namespace>/<name>`; {@link expect} registers one before its
 * create is sent.
 */
export class PodStartupWatch {
  readonly pods = new Map<string, PodTimeline>();
  readonly counts = { created: 0, bound: 0, running: 0, ready: 0 };
  #close: (() => void) | undefined;
  #failure: Error | undefined;

  /** Opens the watch on pods matching `labelSelector` from `resourceVersion`. */
  async open(client: HttpClient, labelSelector: string, resourceVersion: string): Promise<void> {
    const query = new URLSearchParams({ watch: '1', resourceVersion, labelSelector, timeoutSeconds: '3600', allowWatchBookmarks: 'true' });
    this.#close = await client.watch(
      `/api/v1/pods?${query}`,
      (frame, at) => this.#observe(frame as PodFrame, at),
      (err) => (this.#failure ??= new Error(`the pod watch ended early${err ? `: ${err.message}` : ''}`)),
    );
  }

  expect(key: string, sentAt: number): void {
    this.pods.set(key, { sentAt });
  }

  created(key: string, at: number): void {
    const pod = this.pods.get(key);
    if (pod && pod.createdAt === undefined) {
      pod.createdAt = at;
      this.counts.created++;
    }
  }

  /** Set when the watch broke or the server sent an ERROR frame: what it saw after is incomplete. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  close(): void {
    this.#close?.();
    this.#close = undefined;
  }

  #observe(frame: PodFrame, at: number): void {
    if (frame.type === 'ERROR') {
      this.#failure ??= new Error(`the pod watch sent an ERROR: ${JSON.stringify(frame.object).slice(0, 300)}`);
      return;
    }
    if (frame.type !== 'ADDED' && frame.type !== 'MODIFIED') return;
    const { metadata, spec, status } = frame.object;
    const pod = this.pods.get(`${metadata?.namespace}/${metadata?.name}`);
    if (!pod) return;
    pod.seenAt ??= at;
    pod.creationTimestamp ??= metadata?.creationTimestamp;
    if (pod.boundAt === undefined && spec?.nodeName) {
      pod.boundAt = at;
      pod.node = spec.nodeName;
      this.counts.bound++;
    }
    if (pod.runningAt === undefined && status?.phase === 'Running') {
      pod.runningAt = at;
      this.counts.running++;
    }
    if (pod.readyAt === undefined && status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) {
      pod.readyAt = at;
      pod.readyWallMs = Date.now();
      this.counts.ready++;
    }
  }
}
