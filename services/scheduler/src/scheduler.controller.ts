import type { KubeObject } from '@kubeledger/api';
import type { BusConnection } from '@kubeledger/bus';
import {
  EventRecorder,
  isConflict,
  isNotFound,
  NODES,
  PendingTraces,
  PODS,
  resourceInformer,
  waitForCacheSync,
  type EventSource,
  type Informer,
  type KubeClient,
} from '@kubeledger/client';
import { AssumedPods } from './cache/assumed-pods.js';
import type { Config } from './config.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { NodeUsage } from './framework/node-usage.js';
import { nodeEventHandler, nodeUsageHandler, podEventHandler } from './scheduler.event-handlers.js';
import { reconcileBind } from './scheduler.reconcile-bind.js';
import { reconcileUnschedulable } from './scheduler.reconcile-unschedulable.js';
import { scheduleOne, type ScheduleOneDeps } from './scheduler.schedule-one.js';

export type SchedulerSettings = Pick<Config, 'schedulerName' | 'maxUnschedulableMs' | 'errorBackoffMs' | 'parallelBindings'>;

export interface SchedulerControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'patch' | 'createSubresource'>;
  readonly bus: BusConnection | EventSource;
  readonly settings: SchedulerSettings;
  readonly log?: (message: string) => void;
}

/** How often the parked pods are checked against `maxUnschedulableMs` (upstream: every 30 s). */
const flushPeriod = (maxUnschedulableMs: number) => Math.max(100, Math.min(30_000, maxUnschedulableMs / 2));

/**
 * The scheduler's wiring (STYLE 17): one informer on every pod and one on nodes feed the
 * scheduling queue through the event handlers; one loop pops a pod at a time and runs
 * {@link scheduleOne}, whose bindings run in the background (at most `parallelBindings` at once).
 * `start()` resolves once the informers synced; {@link runLoop} schedules until {@link stop}.
 */
export class SchedulerController {
  readonly pods: Informer<KubeObject>;
  readonly nodes: Informer<KubeObject>;
  readonly queue: SchedulingQueue;
  readonly assumed = new AssumedPods();
  /** What the bound pods use of each node, from the pod informer. */
  readonly nodeUsage = new NodeUsage();
  readonly recorder: EventRecorder;
  readonly #deps: SchedulerControllerDeps;
  readonly #log: (message: string) => void;
  readonly #bindings = new Set<Promise<void>>();
  #flushTimer: NodeJS.Timeout | undefined;
  #loop: Promise<void> | undefined;
  #stopped = false;
  readonly #traces = new PendingTraces();
  #stats = { scheduled: 0, alreadyBound: 0, unschedulable: 0, errors: 0 };

  constructor(deps: SchedulerControllerDeps) {
    this.#deps = deps;
    this.#log = deps.log ?? ((m) => console.log(`[scheduler] ${m}`));
    const { client, bus, settings } = deps;
    this.queue = new SchedulingQueue({ maxUnschedulableMs: settings.maxUnschedulableMs });
    this.recorder = new EventRecorder(client, { component: settings.schedulerName }, { log: this.#log });
    this.pods = resourceInformer({ client, bus, resource: PODS, name: 'pods', log: this.#log });
    this.nodes = resourceInformer({ client, bus, resource: NODES, name: 'nodes', log: this.#log });
    this.pods.addEventHandler(nodeUsageHandler(this.nodeUsage));
    this.pods.addEventHandler(podEventHandler({ schedulerName: settings.schedulerName, queue: this.queue, assumed: this.assumed, traces: this.#traces }));
    this.nodes.addEventHandler(nodeEventHandler({ queue: this.queue }));
  }

  /** Starts both informers; resolves true once they synced (false if stopped first). */
  async start(): Promise<boolean> {
    void this.pods.start();
    void this.nodes.start();
    return waitForCacheSync(this.pods, this.nodes);
  }

  /** Schedules pods until {@link stop} (the leader's work). */
  runLoop(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#flushTimer ??= setInterval(() => this.queue.flushUnschedulable(), flushPeriod(this.#deps.settings.maxUnschedulableMs));
    this.#flushTimer.unref();
    this.#loop ??= this.#run();
    return this.#loop;
  }

  get stats() {
    return { ...this.#stats, queue: this.queue.stats, assumed: this.assumed.size, bindingsInFlight: this.#bindings.size };
  }

  /** Stops the loop (the bindings in flight finish), the informers, and flushes the events. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#flushTimer);
    this.queue.close();
    await this.#loop;
    await Promise.allSettled([...this.#bindings]);
    await Promise.allSettled([this.pods.stop(), this.nodes.stop()]);
    await this.recorder.flush();
  }

  async #run(): Promise<void> {
    const deps = this.#scheduleDeps();
    for (;;) {
      while (this.#bindings.size >= this.#deps.settings.parallelBindings) await Promise.race(this.#bindings);
      const key = await this.queue.pop();
      if (key === undefined) return;
      try {
        await scheduleOne(key, deps);
      } catch (err) {
        this.#stats.errors++;
        this.#log(`scheduling ${key} failed: ${(err as Error).stack ?? String(err)}`);
        this.queue.requeueAfter(key, this.#deps.settings.errorBackoffMs);
      }
    }
  }

  #scheduleDeps(): ScheduleOneDeps {
    const { client, settings } = this.#deps;
    const event = (pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => this.recorder.event(pod, type, reason, message);
    const log = this.#log;
    return {
      schedulerName: settings.schedulerName,
      getPod: (key) => this.pods.getByKey(key),
      nodeUsage: () => this.nodeUsage,
      listNodes: () => this.nodes.list(),
      assumed: this.assumed,
      queue: this.queue,
      traces: this.#traces,
      errorBackoffMs: settings.errorBackoffMs,
      bind: async (pod, node) => {
        const result = await reconcileBind(pod, node, {
          bind: async (p, n) => {
            const meta = p.metadata ?? {};
            await client.createSubresource(PODS, meta.namespace, meta.name ?? '', 'binding', {
              apiVersion: 'v1',
              kind: 'Binding',
              metadata: { name: meta.name, namespace: meta.namespace, ...(meta.uid && { uid: meta.uid }) },
              target: { apiVersion: 'v1', kind: 'Node', name: n },
            });
            this.#stats.scheduled++;
          },
          isConflict: (err) => {
            const conflict = isConflict(err);
            if (conflict) this.#stats.alreadyBound++;
            return conflict;
          },
          isNotFound,
          event,
          log,
        });
        if (result === 'requeue') this.#stats.errors++;
        return result;
      },
      markUnschedulable: (pod, message) => {
        this.#stats.unschedulable++;
        return reconcileUnschedulable(pod, message, {
          patchStatus: async (p, patch) => {
            await client.patch(PODS, p.metadata?.namespace, p.metadata?.name ?? '', patch, 'merge', { subresource: 'status' });
          },
          getPod: async (p) => {
            try {
              return await client.get(PODS, p.metadata?.namespace, p.metadata?.name ?? '');
            } catch (err) {
              if (isNotFound(err)) return undefined;
              throw err;
            }
          },
          isConflict,
          isNotFound,
          event,
          log,
          now: () => new Date(),
        });
      },
      runBinding: (binding) => {
        const running: Promise<void> = binding()
          .catch((err: unknown) => log(`binding cycle failed: ${(err as Error).stack ?? String(err)}`))
          .finally(() => this.#bindings.delete(running));
        this.#bindings.add(running);
      },
    };
  }
}
