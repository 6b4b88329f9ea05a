import { describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { AssumedPods } from './cache/assumed-pods.js';
import { NodeUsage } from './framework/node-usage.js';
import { podKey } from './pod-key.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import type { StepResult } from './scheduler.reconcile-bind.js';
import { scheduleOne, type ScheduleOneDeps } from './scheduler.schedule-one.js';

const node = (name: string, cpu = '1'): KubeObject => ({
  metadata: { name },
  spec: {},
  status: { allocatable: { cpu, memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
});
const pod = (name: string, cpu = '100m', spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }], ...spec },
});

/** A cluster as the informers would show it, and scheduleOne's dependencies over it, with bindings run inline. */
function harness(nodes: KubeObject[], pods: KubeObject[], bindResult: StepResult = 'continue') {
  const cache = new Map(pods.map((p) => [podKey(p), p]));
  const queue = new SchedulingQueue({ maxUnschedulableMs: 60_000 });
  const assumed = new AssumedPods();
  const bindings: Promise<void>[] = [];
  const bound: Array<[string, string]> = [];
  const deps = {
    schedulerName: 'default-scheduler',
    getPod: (key: string) => cache.get(key),
    nodeUsage: () => NodeUsage.of(cache.values()),
    listNodes: () => nodes,
    assumed,
    queue,
    errorBackoffMs: 1000,
    bind: vi.fn(async (p: KubeObject, n: string) => {
      bound.push([p.metadata!.name!, n]);
      return bindResult;
    }),
    markUnschedulable: vi.fn(async () => 'continue' as StepResult),
    runBinding: (b: () => Promise<void>) => void bindings.push(b()),
  } satisfies ScheduleOneDeps;
  return {
    deps,
    queue,
    assumed,
    bound,
    cache,
    /** Pops and schedules every queued pod, then waits for the bindings. */
    async run() {
      for (const p of cache.values()) queue.add(podKey(p));
      while (queue.stats.active > 0) await scheduleOne((await queue.pop())!, deps);
      await Promise.all(bindings);
    },
  };
}

describe('scheduleOne', () => {
  it('counts assumed pods, so a burst the informer has not seen bound yet spreads over the nodes', async () => {
    const h = harness([node('a'), node('b'), node('c')], Array.from({ length: 9 }, (_, i) => pod(`p${i}`)));
    await h.run();
    const perNode = new Map<string, number>();
    for (const [, n] of h.bound) perNode.set(n, (perNode.get(n) ?? 0) + 1);
    expect(Object.fromEntries(perNode)).toEqual({ a: 3, b: 3, c: 3 });
    expect(h.assumed.size).toBe(9); // until the informer shows them bound
    expect(h.bound.map(([name]) => name)).toEqual(Array.from({ length: 9 }, (_, i) => `p${i}`)); // FIFO
  });

  it('an assumed pod fills its node: the next one that does not fit is unschedulable, with the upstream message', async () => {
    const h = harness([node('a', '1')], [pod('first', '800m'), pod('second', '800m')]);
    await h.run();
    expect(h.bound).toEqual([['first', 'a']]);
    expect(h.deps.markUnschedulable).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'Pod', apiVersion: 'v1', metadata: expect.objectContaining({ name: 'second' }) }),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
    expect(h.queue.isUnschedulable('default/second')).toBe(true);
  });

  it('a failed binding forgets the assumption and retries after the backoff', async () => {
    const h = harness([node('a')], [pod('p')], 'requeue');
    await h.run();
    expect(h.assumed.has('default/p')).toBe(false);
    expect(h.queue.stats).toMatchObject({ backoff: 1, inFlight: 0 });
    h.queue.close();
  });

  it('drops pods that are not its to schedule: bound, another scheduler, being deleted, gated, finished, assumed', async () => {
    const pods = [
      pod('bound', '100m', { nodeName: 'a' }),
      pod('other', '100m', { schedulerName: 'other' }),
      { ...pod('deleting'), metadata: { ...pod('deleting').metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } },
      pod('gated', '100m', { schedulingGates: [{ name: 'wait' }] }),
      { ...pod('done'), status: { phase: 'Succeeded' } },
      pod('assumed'),
    ];
    const h = harness([node('a')], pods);
    h.assumed.assume('default/assumed', pod('assumed'), 'a');
    await h.run();
    expect(h.bound).toEqual([]);
    expect(h.deps.markUnschedulable).not.toHaveBeenCalled();
    expect(h.queue.stats).toEqual({ active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
  });

  it('no nodes at all: "no nodes available to schedule pods"', async () => {
    const h = harness([], [pod('p')]);
    await h.run();
    expect(h.deps.markUnschedulable).toHaveBeenCalledWith(expect.anything(), 'no nodes available to schedule pods');
  });
});
