import { rfc3339Micro, type KubeObject } from '@kubeledger/api';
import { isAlreadyExists, isConflict, isNotFound } from '../rest/api-error.js';
import type { KubeClient } from '../rest/kube-client.js';
import { LEASES } from '../rest/resource-ref.js';

/** The spec of a coordination.k8s.io/v1 Lease, as leader election reads and writes it. */
export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectorOptions {
  readonly client: Pick<KubeClient, 'get' | 'create' | 'update'>;
  /** Where the Lease lives: `kube-system` / `kube-scheduler` for the scheduler. */
  readonly namespace: string;
  readonly name: string;
  /** This candidate (upstream: `<hostname>_<uuid>`). */
  readonly identity: string;
  /** How long a lease holds without renewal (default 15 s). */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up leadership (default 10 s). */
  readonly renewDeadlineMs?: number;
  /** Between attempts (default 2 s). */
  readonly retryPeriodMs?: number;
  /** Injected for tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log?: (message: string) => void;
}

export interface LeaderCallbacks {
  /** Became leader: start the work. */
  readonly onStartedLeading: () => void;
  /** Lost or gave up leadership (never called without onStartedLeading first). */
  readonly onStoppedLeading: () => void;
  /** Someone (maybe this candidate) was seen holding the lease. */
  readonly onNewLeader?: (identity: string) => void;
}

const realSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** A MicroTime: RFC 3339 with microseconds. */
export const microTime = (ms: number): string => rfc3339Micro(ms);

/**
 * client-go's leaderelection.LeaderElector on a Lease: acquire the lease — create it, or take it
 * over once its holder has not renewed it for `leaseDuration` as observed on this candidate's own
 * clock (no clock-skew trust) — then renew it every `retryPeriod`; a renewal that has not
 * succeeded for `renewDeadline` ends leadership. Every write is guarded by the lease's
 * resourceVersion, so two candidates never both win: the loser gets 409 Conflict.
 */
export class LeaderElector {
  readonly #client: LeaderElectorOptions['client'];
  readonly #namespace: string;
  readonly #name: string;
  readonly identity: string;
  readonly #leaseDurationMs: number;
  readonly #renewDeadlineMs: number;
  readonly #retryPeriodMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #log: (message: string) => void;
  readonly #abort = new AbortController();
  /** The record last seen, and when (on our clock) it last changed. */
  #observed: { spec: LeaseSpec; at: number } | undefined;
  #lease: Lease | undefined;
  #leading = false;
  #reportedLeader: string | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#client = options.client;
    this.#namespace = options.namespace;
    this.#name = options.name;
    this.identity = options.identity;
    this.#leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.#renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.#retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (this.#renewDeadlineMs >= this.#leaseDurationMs) throw new Error('leader election: renewDeadline must be shorter than leaseDuration');
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    this.#log = options.log ?? (() => undefined);
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  /** Campaigns, leads, and returns once leadership is lost or {@link stop} is called (then releases the lease if held). */
  async run(callbacks: LeaderCallbacks): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted && !(await this.tryAcquireOrRenew(callbacks))) await this.#sleep(this.#retryPeriodMs, signal);
    if (signal.aborted) return;
    this.#leading = true;
    this.#log(`${this.identity} became leader of ${this.#namespace}/${this.#name}`);
    callbacks.onStartedLeading();
    let lastRenew = this.#now();
    while (!signal.aborted) {
      await this.#sleep(this.#retryPeriodMs, signal);
      if (signal.aborted) break;
      if (await this.tryAcquireOrRenew(callbacks)) lastRenew = this.#now();
      else if (this.#now() - lastRenew >= this.#renewDeadlineMs) break;
    }
    if (signal.aborted) await this.#release();
    this.#leading = false;
    this.#log(`${this.identity} stopped leading ${this.#namespace}/${this.#name}`);
    callbacks.onStoppedLeading();
  }

  /** Ends {@link run}; a leader gives the lease up so another candidate takes over at once. */
  stop(): void {
    this.#abort.abort();
  }

  /** One attempt (exposed for tests): true when this candidate holds the lease afterwards. */
  async tryAcquireOrRenew(callbacks?: Pick<LeaderCallbacks, 'onNewLeader'>): Promise<boolean> {
    const now = this.#now();
    let current: Lease;
    try {
      current = await this.#client.get<Lease>(LEASES, this.#namespace, this.#name);
    } catch (err) {
      if (!isNotFound(err)) return this.#failed('get', err);
      try {
        this.#lease = await this.#client.create<Lease>(LEASES, this.#namespace, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.#name, namespace: this.#namespace },
          spec: { ...this.#record(now, {}, true), leaseTransitions: 0 },
        });
        this.#observe(this.#lease.spec ?? {}, now, callbacks);
        return true;
      } catch (createErr) {
        if (isAlreadyExists(createErr)) return false;
        return this.#failed('create', createErr);
      }
    }
    const spec = current.spec ?? {};
    this.#observe(spec, now, callbacks);
    const holder = spec.holderIdentity ?? '';
    const mine = holder === this.identity;
    if (holder && !mine && this.#observed!.at + (spec.leaseDurationSeconds ?? 0) * 1000 > now) return false;
    try {
      this.#lease = await this.#client.update<Lease>(LEASES, this.#namespace, { ...current, spec: this.#record(now, spec, !mine) });
      this.#observe(this.#lease.spec ?? {}, now, callbacks);
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      return this.#failed('update', err);
    }
  }

  #record(now: number, previous: LeaseSpec, acquiring: boolean): LeaseSpec {
    return {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.#leaseDurationMs / 1000),
      acquireTime: acquiring ? microTime(now) : (previous.acquireTime ?? microTime(now)),
      renewTime: microTime(now),
      leaseTransitions: (previous.leaseTransitions ?? 0) + (acquiring ? 1 : 0),
    };
  }

  #observe(spec: LeaseSpec, now: number, callbacks?: Pick<LeaderCallbacks, 'onNewLeader'>): void {
    if (!this.#observed || JSON.stringify(this.#observed.spec) !== JSON.stringify(spec)) this.#observed = { spec, at: now };
    const holder = spec.holderIdentity ?? '';
    if (holder && holder !== this.#reportedLeader) {
      this.#reportedLeader = holder;
      callbacks?.onNewLeader?.(holder);
    }
  }

  async #release(): Promise<void> {
    if (!this.#lease || this.#lease.spec?.holderIdentity !== this.identity) return;
    const now = this.#now();
    try {
      await this.#client.update<Lease>(LEASES, this.#namespace, {
        ...this.#lease,
        spec: { ...this.#lease.spec, holderIdentity: null, leaseDurationSeconds: 1, acquireTime: microTime(now), renewTime: microTime(now) },
      });
    } catch (err) {
      this.#log(`could not release lease ${this.#namespace}/${this.#name}: ${(err as Error).message}`);
    }
  }

  #failed(what: string, err: unknown): false {
    this.#log(`leader election: ${what} lease ${this.#namespace}/${this.#name} failed: ${(err as Error).message}`);
    return false;
  }
}
