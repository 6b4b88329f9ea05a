import { deletedObject, PendingTraces, processInSpan, type EventContext, type Informer } from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { allContainers } from './pod-containers.js';
import type { PodStepDeps } from './pod-deps.js';
import { WorkQueue, type StepResult } from '@kubeledger/client';
import { deletionTimestamp, podKey, podUid, type Pod } from './pod.js';
import { syncPod } from './pod.reconcile-sync.js';
import { forgetPod, terminatePod } from './pod.reconcile-terminate.js';

const tracer = tracerFor('kubelet');

export interface PodsControllerOptions {
  /** The pods bound to this node (a `spec.nodeName=<node>` informer, not started). */
  readonly informer: Informer<Pod>;
  readonly deps: PodStepDeps;
  readonly workers: number;
  readonly log: (message: string) => void;
}

/**
 * The kubelet's pod loop (wiring only): informer notifications put pod keys on a queue whose
 * workers run one pod at a time each — {@link terminatePod} for a pod being deleted,
 * {@link syncPod} otherwise, {@link forgetPod} for one that vanished or was replaced.
 */
export class PodsController {
  readonly #informer: Informer<Pod>;
  readonly #deps: PodStepDeps;
  readonly #log: (message: string) => void;
  readonly #queue: WorkQueue;
  /** The pod this kubelet runs under each key: its uid and container names. */
  readonly #known = new Map<string, { uid: string; containers: string[] }>();
  /** Pods whose deletion this kubelet finished (their DELETED event may not have arrived yet). */
  readonly #terminated = new Set<string>();
  readonly #traces = new PendingTraces();
  #synced = 0;

  constructor(options: PodsControllerOptions) {
    this.#informer = options.informer;
    this.#deps = options.deps;
    this.#log = options.log;
    this.#queue = new WorkQueue((key) => this.#handle(key), { workers: options.workers, log: options.log });
    // Each queued pod remembers the trace of the event that queued it: its sync continues that trace.
    const queue = (key: string, ctx: EventContext | undefined) => {
      this.#traces.note(key, ctx);
      this.#queue.add(key);
    };
    this.#informer.addEventHandler({
      onAdd: (pod, _initial, ctx) => queue(podKey(pod), ctx),
      onUpdate: (_old, pod, ctx) => queue(podKey(pod), ctx),
      onDelete: (pod, ctx) => queue(podKey(deletedObject(pod)), ctx),
    });
    // A container that exits by itself, or a probe result that changes: its pod is synced (restart policy, kill, status).
    const syncUid = (uid: string) => {
      for (const [key, known] of this.#known) if (known.uid === uid) this.#queue.add(key);
    };
    this.#deps.runtime.onExit(syncUid);
    this.#deps.probes.onChange(syncUid);
  }

  /**
   * Lists this node's pods, takes back the IPs their statuses hold (so a new pod never gets an
   * address an existing one has), then starts the workers.
   */
  async start(): Promise<void> {
    await this.#informer.start();
    for (const pod of this.#informer.list()) {
      const ip = pod.status?.podIP;
      if (ip && !this.#deps.ips.restore(podUid(pod), ip)) this.#log(`${podKey(pod)}: its IP ${ip} is outside ${this.#deps.podCidr} or taken; it gets a new one`);
    }
    this.#queue.start();
  }

  /** Pods synced so far (distinct uids). */
  get syncedPods(): number {
    return this.#synced;
  }

  /** The pod informer's counters (lists, bus events consumed). */
  get informerStats() {
    return this.#informer.stats;
  }

  /** Resolves when no pod is queued or being synced (tests). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /** Stops the informer, the workers, then every probe (no timer is left). */
  async stop(): Promise<void> {
    await this.#informer.stop();
    await this.#queue.stop();
    await this.#deps.probes.stop();
  }

  /**
   * One pod's turn, in a span: a child of the event that queued it, or — for a sync a container
   * exit or a probe asked for — a new trace linked to the pod's creation trace.
   */
  async #handle(key: string): Promise<StepResult> {
    const traceparent = this.#traces.take(key);
    const pod = this.#informer.getByKey(key);
    const name = pod && deletionTimestamp(pod) ? 'terminate pod' : 'sync pod';
    return processInSpan(tracer, name, { traceparent, object: pod, resource: 'pods' }, () => this.#sync(key, pod));
  }

  async #sync(key: string, pod: Pod | undefined): Promise<StepResult> {
    const known = this.#known.get(key);
    if (known && (!pod || podUid(pod) !== known.uid)) {
      this.#known.delete(key);
      if (!this.#terminated.delete(known.uid)) await forgetPod(this.#deps, key, known.uid, known.containers);
    }
    if (!pod) return 'continue';
    const uid = podUid(pod);
    if (this.#terminated.has(uid)) return 'continue';
    if (!this.#known.has(key)) {
      this.#known.set(key, { uid, containers: allContainers(pod).map((c) => c.spec.name) });
      this.#synced++;
      this.#log(`syncing pod ${key} (${uid})`);
    }
    if (deletionTimestamp(pod)) {
      const result = await terminatePod(this.#deps, pod);
      if (result === 'continue') this.#terminated.add(uid);
      return result;
    }
    return syncPod(this.#deps, pod);
  }
}
