import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it, vi } from 'vitest';
import type { ScheduledEviction } from './plan-pod-eviction.js';
import { evictPod, type EvictPodDeps } from './tainteviction.evict-pod.js';
import { nodeEventHandler, podEventHandler } from './tainteviction.event-handlers.js';
import { reconcileNode, reconcilePod, type ReconcileTaintEvictionDeps } from './tainteviction.reconcile.js';
import { TimedEvictions } from './timed-evictions.js';

const T0 = new Date('2026-03-01T12:00:00Z').getTime();
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const apiError = (code: number) => Object.assign(new Error(`status ${code}`), { code });

const node = (taints: Record<string, unknown>[] = []): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { taints } });
const pod = (name: string, tolerations: Record<string, unknown>[] = []): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', uid: `${name}-uid`, creationTimestamp: stamp(T0 - 3_600_000) },
  spec: { nodeName: 'node-1', tolerations },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] },
});
const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: stamp(T0) };
const tolerate = (seconds?: number) => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined && { tolerationSeconds: seconds }) });

/** The controller's caches and its evictions, fired by hand. */
function setup(initialNode: KubeObject, pods: KubeObject[]) {
  let now = T0;
  const state = { node: initialNode, pods: new Map(pods.map((p) => [p.metadata!.name!, p])) };
  const fired: string[] = [];
  const events: string[] = [];
  const evictions = new Map<string, ScheduledEviction & { done?: boolean }>();
  const deps: ReconcileTaintEvictionDeps = {
    getNode: () => state.node,
    getPod: (_ns, name) => state.pods.get(name),
    podsOnNode: () => [...state.pods.values()],
    evictions: {
      get: (key) => evictions.get(key),
      done: (key) => evictions.get(key)?.done === true,
      schedule: (key, eviction) => evictions.set(key, eviction),
      cancel: (key) => {
        const had = evictions.get(key);
        evictions.delete(key);
        return had !== undefined && !had.done;
      },
    },
    event: (object, type, reason, message) => events.push(`${object.metadata?.namespace}/${object.metadata?.name} ${type} ${reason}: ${message}`),
    now: () => new Date(now),
  };
  /** Fires the evictions due by now. */
  const tick = (ms: number) => {
    now += ms;
    for (const [key, e] of evictions) {
      if (!e.done && e.fireAt <= now) {
        fired.push(key);
        evictions.set(key, { ...e, done: true });
      }
    }
  };
  return { state, deps, fired, events, evictions, tick };
}

describe('the taint eviction steps', () => {
  it('evicts the pods not tolerating a NoExecute taint at once, the tolerating ones when their seconds ran out, never the ones tolerating forever', async () => {
    const s = setup(node([UNREACHABLE]), [pod('plain'), pod('five', [tolerate(5)]), pod('forever', [tolerate()])]);
    await reconcileNode('node-1', s.deps);
    s.tick(0);
    expect(s.fired).toEqual(['ns/plain']);
    s.tick(4_999);
    expect(s.fired).toEqual(['ns/plain']);
    s.tick(1);
    expect(s.fired).toEqual(['ns/plain', 'ns/five']);
    s.tick(3_600_000);
    expect(s.fired).toEqual(['ns/plain', 'ns/five']);
  });

  it('cancels the pending evictions when the taint goes, saying so', async () => {
    const s = setup(node([UNREACHABLE]), [pod('five', [tolerate(5)])]);
    await reconcileNode('node-1', s.deps);
    s.tick(2_000);
    s.state.node = node([]);
    await reconcileNode('node-1', s.deps);
    s.tick(60_000);
    expect(s.fired).toEqual([]);
    expect(s.events).toEqual(['ns/five Normal TaintManagerEviction: Cancelling deletion of Pod ns/five']);
  });

  it('does not evict an evicted pod again while it terminates, and forgets it once gone', async () => {
    const s = setup(node([UNREACHABLE]), [pod('plain')]);
    await reconcileNode('node-1', s.deps);
    s.tick(0);
    await reconcilePod('ns/plain', s.deps);
    await reconcileNode('node-1', s.deps);
    s.tick(1000);
    expect(s.fired).toEqual(['ns/plain']);
    s.state.pods.clear();
    await reconcilePod('ns/plain', s.deps);
    expect(s.evictions.size).toBe(0);
  });

  it('considers a pod bound to a tainted node later, counting from its creation', async () => {
    const s = setup(node([UNREACHABLE]), []);
    await reconcileNode('node-1', s.deps);
    s.tick(10_000);
    s.state.pods.set('late', { ...pod('late', [tolerate(5)]), metadata: { ...pod('late').metadata, creationTimestamp: stamp(T0 + 10_000) } });
    await reconcilePod('ns/late', s.deps);
    expect(s.evictions.get('ns/late')).toEqual({ createdAt: T0 + 10_000, fireAt: T0 + 15_000 });
  });
});

describe('the taint eviction event handlers', () => {
  it('queue a node whose NoExecute taints changed, and a pod whose node or tolerations did', () => {
    const keys: string[] = [];
    const nodes = nodeEventHandler((k) => keys.push(k));
    const pods = podEventHandler((k) => keys.push(k));
    nodes.onUpdate!(node([]), node([{ key: 'x', effect: 'NoSchedule' }]), undefined);
    nodes.onUpdate!(node([]), node([UNREACHABLE]), undefined);
    pods.onUpdate!(pod('a'), { ...pod('a'), status: { phase: 'Running' } }, undefined);
    pods.onUpdate!(pod('a'), pod('a', [tolerate()]), undefined);
    expect(keys).toEqual(['node:node-1', 'pod:ns/a']);
  });
});

describe('evictPod (deletePodHandler)', () => {
  const deps = (p: KubeObject | undefined): EvictPodDeps & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      getFreshPod: async () => {
        if (!p) throw apiError(404);
        return p;
      },
      patchPodStatus: vi.fn(async (target: KubeObject, patch: Record<string, unknown>) => {
        calls.push(`patch ${JSON.stringify(patch)}`);
        return target;
      }),
      deletePod: async (ns, name) => void calls.push(`delete ${ns}/${name}`),
      event: (object, type, reason, message) => calls.push(`event ${type} ${reason}: ${message}`),
      isNotFound: (err) => (err as { code?: number }).code === 404,
      now: () => new Date(T0),
      sleep: async () => undefined,
    };
  };

  it('records the eviction, marks the pod DisruptionTarget and deletes it', async () => {
    const d = deps(pod('web'));
    await evictPod('ns', 'web', d);
    expect(d.calls).toEqual([
      'event Normal TaintManagerEviction: Marking for deletion Pod ns/web',
      `patch ${JSON.stringify({ metadata: { uid: 'web-uid' }, status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: stamp(T0) }] } })}`,
      'delete ns/web',
    ]);
  });

  it('is done when the pod is gone already', async () => {
    const d = deps(undefined);
    await evictPod('ns', 'web', d);
    expect(d.calls).toEqual(['event Normal TaintManagerEviction: Marking for deletion Pod ns/web']);
  });
});

describe('TimedEvictions', () => {
  it('fires at fireAt, keeps a fired one as done until cancelled, and reports pending cancellations', async () => {
    vi.useFakeTimers({ now: T0 });
    try {
      const fired: string[] = [];
      const evictions = new TimedEvictions((key) => fired.push(key));
      evictions.schedule('ns/a', { createdAt: T0, fireAt: T0 + 1000 });
      evictions.schedule('ns/b', { createdAt: T0, fireAt: T0 + 5000 });
      await vi.advanceTimersByTimeAsync(1000);
      expect(fired).toEqual(['ns/a']);
      expect(evictions.done('ns/a')).toBe(true);
      expect(evictions.cancel('ns/b')).toBe(true);
      expect(evictions.cancel('ns/a')).toBe(false);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(fired).toEqual(['ns/a']);
      expect(evictions.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
