// Test support: the pod steps' dependencies with fakes around a real runtime.
import { PodIpAllocator } from '../../network/pod-ip-allocator.js';
import { ProbeManager } from '../../probes/probe-manager.js';
import { ContainerHistories } from '../container-history.js';
import type { PodStepDeps } from '../pod-deps.js';
import type { Pod, PodStatus } from '../pod.js';
import { syncPod } from '../pod.reconcile-sync.js';

export interface PodStepFakes {
  readonly deps: PodStepDeps;
  /** `<type> <reason> <message>` of every event recorded. */
  readonly events: string[];
  /** Every status written, in order. */
  readonly written: PodStatus[];
  /** The pod as its last status write left it. */
  stored(): Pod | undefined;
  /** Wakes a waiting {@link syncUntil} (hook it to the runtime's exits and the probes' changes). */
  wake(): void;
  /** Syncs until `until` holds for the pod's status, again on each wake or when a retry is due (a deadline, never a fixed wait). */
  syncUntil(pod: Pod, until: (status: PodStatus) => boolean, what: string, timeoutMs: number): Promise<PodStatus>;
}

/**
 * The pod steps' dependencies around `runtime`: statuses kept as the apiserver would, events
 * recorded, nothing deleted or logged, real probes, IPs from 127.128.1.0/24, restarts after 100 ms
 * doubling to 400 ms — each replaceable through `overrides`.
 */
export function podStepFakes(runtime: PodStepDeps['runtime'], overrides: Partial<PodStepDeps> = {}): PodStepFakes {
  const events: string[] = [];
  const written: PodStatus[] = [];
  let stored: Pod | undefined;
  let wakeUp: (() => void) | undefined;
  const event: PodStepDeps['event'] = overrides.event ?? ((_pod, type, reason, message) => events.push(`${type} ${reason} ${message}`));
  const podCidr = overrides.podCidr ?? '127.128.1.0/24';
  const deps: PodStepDeps = {
    runtime,
    probes: new ProbeManager({ runtime, event }),
    ips: new PodIpAllocator(podCidr),
    hostIP: '127.0.0.1',
    podCidr,
    history: new ContainerHistories(),
    backoff: { initialMs: 100, maxMs: 400, resetAfterMs: 600_000 },
    env: { configMap: async () => undefined, secret: async () => undefined, nodeCapacity: { cpu: '4', memory: '8Gi' } },
    event,
    async writeStatus(pod, build) {
      const status = build(stored ?? pod);
      written.push(status);
      stored = { ...(stored ?? pod), status };
      return true;
    },
    deletePod: async () => undefined,
    now: () => new Date(),
    log: () => undefined,
    ...overrides,
  };
  return {
    deps,
    events,
    written,
    stored: () => stored,
    wake: () => wakeUp?.(),
    async syncUntil(pod, until, what, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const next = new Promise<void>((resolve) => (wakeUp = resolve));
        const result = await syncPod(deps, stored ?? pod);
        if (until(stored!.status!)) return stored!.status!;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(stored?.status)}; events ${JSON.stringify(events)}`);
        await Promise.race([next, new Promise((r) => setTimeout(r, typeof result === 'object' ? result.requeueAfterMs : 500))]);
      }
    },
  };
}
