import { describe, expect, it } from 'vitest';
import type { RuntimeContainerStatus } from '../runtime/container-runtime.js';
import { ManualClock } from './manual-clock.js';
import type { ProbeTiming, ProbeType } from './probe-spec.js';
import { ProbeWorker } from './probe-worker.js';

const T0 = Date.parse('2026-11-24T01:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const running = (id: string, startedMs = 0): RuntimeContainerStatus => ({ containerID: `process://${id}`, imageID: 'x', state: 'running', startedAt: at(startedMs) });

type Answer = 'success' | 'failure' | undefined;

/** A worker over a container the test controls, a probe answering from a script (then `success`), a clock moved by hand. */
function harness(type: ProbeType, timing: Partial<ProbeTiming> = {}, restartPolicy: 'Always' | 'OnFailure' | 'Never' = 'Always') {
  const clock = new ManualClock(T0);
  const state = { container: running('1') as RuntimeContainerStatus | undefined, started: true, ended: false };
  const script: Answer[] = [];
  const probedAt: number[] = [];
  const results: string[] = [];
  const removed: string[] = [];
  const signals: AbortSignal[] = [];
  let hold: Promise<void> | undefined;
  const worker = new ProbeWorker({
    type,
    timing: { initialDelaySeconds: 0, timeoutMs: 1000, periodMs: 10_000, successThreshold: 1, failureThreshold: 3, ...timing },
    restartPolicy,
    clock,
    container: () => state.container,
    started: () => state.started,
    async probe(signal) {
      probedAt.push(clock.now() - T0);
      signals.push(signal);
      if (hold) await hold;
      return script.length > 0 ? script.shift() : 'success';
    },
    setResult: (instance, value) => results.push(`${instance.replace(/@.*/, '')} ${value}`),
    removeResult: (instance) => removed.push(instance.replace(/@.*/, '')),
    onEnd: () => (state.ended = true),
  });
  /** Probes `n` times through doProbe (what each tick does). */
  const probe = async (n = 1) => {
    for (let i = 0; i < n; i++) await worker.doProbe();
  };
  const holdProbes = () => {
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    return () => {
      hold = undefined;
      release();
    };
  };
  return { worker, clock, state, script, probedAt, results, removed, signals, probe, holdProbes };
}

describe('ProbeWorker: results and thresholds', () => {
  it('starts each instance at its initial value: readiness not ready, liveness alive, startup unknown', async () => {
    for (const [type, value] of [
      ['readiness', 'failure'],
      ['liveness', 'success'],
      ['startup', 'unknown'],
    ] as const) {
      const h = harness(type);
      h.state.started = type !== 'startup';
      h.script.push(undefined); // errored: thrown away
      await h.probe();
      expect(h.results).toEqual([`process://1 ${value}`]);
    }
  });

  it('changes a result only after failureThreshold failures or successThreshold successes in a row', async () => {
    const h = harness('readiness', { successThreshold: 2, failureThreshold: 3 });
    h.script.push('success', 'failure', 'success', 'success', 'failure', 'failure', 'success', 'failure', 'failure', 'failure');
    await h.probe(4);
    expect(h.results).toEqual(['process://1 failure', 'process://1 success']); // the second success in a row
    await h.probe(3);
    expect(h.results).toHaveLength(2); // two failures, then a success: below both thresholds
    await h.probe(3);
    expect(h.results.at(-1)).toBe('process://1 failure');
  });

  it('throws away a probe that errored: it counts neither way', async () => {
    const h = harness('readiness', { failureThreshold: 2 });
    h.script.push('success', 'failure', undefined, 'failure');
    await h.probe(4);
    expect(h.results).toEqual(['process://1 failure', 'process://1 success', 'process://1 failure']);
  });

  it('waits initialDelaySeconds after the instance started before probing', async () => {
    const h = harness('readiness', { initialDelaySeconds: 5 });
    await h.probe();
    await h.clock.advance(4_999);
    await h.probe();
    expect(h.probedAt).toEqual([]);
    await h.clock.advance(1);
    await h.probe();
    expect(h.probedAt).toEqual([5_000]);
  });

  it('after liveness failures past the threshold, holds until a new instance, which starts over alive', async () => {
    const h = harness('liveness', { failureThreshold: 2 });
    h.script.push('failure', 'failure', 'failure');
    await h.probe(2);
    expect(h.results).toEqual(['process://1 success', 'process://1 failure']);
    await h.probe(3);
    expect(h.probedAt).toHaveLength(2); // on hold: the kubelet kills this instance
    h.state.container = running('2');
    await h.probe();
    expect(h.removed).toEqual(['process://1']);
    expect(h.results.slice(2)).toEqual(['process://2 success']);
    expect(h.probedAt).toHaveLength(3); // the third scripted failure, the first of the new instance
    await h.probe();
    expect(h.results.at(-1)).toBe('process://2 success'); // one failure, then successes: still alive
  });
});

describe('ProbeWorker: startup gating', () => {
  it('runs the startup probe until the container has started, the others only after', async () => {
    const startup = harness('startup', { failureThreshold: 10 });
    const readiness = harness('readiness');
    const liveness = harness('liveness');
    for (const h of [startup, readiness, liveness]) h.state.started = false;
    startup.script.push('failure', 'success');
    for (const h of [startup, readiness, liveness]) await h.probe(2);
    expect([startup.probedAt.length, readiness.probedAt.length, liveness.probedAt.length]).toEqual([2, 0, 0]);
    expect(startup.results).toEqual(['process://1 unknown', 'process://1 success']);
    for (const h of [startup, readiness, liveness]) h.state.started = true;
    for (const h of [startup, readiness, liveness]) await h.probe();
    expect([startup.probedAt.length, readiness.probedAt.length, liveness.probedAt.length]).toEqual([2, 1, 1]);
  });

  it('fails a startup probe past its threshold (the kubelet kills the container) and holds', async () => {
    const h = harness('startup', { failureThreshold: 2 });
    h.state.started = false;
    h.script.push('failure', 'failure', 'failure');
    await h.probe(4);
    expect(h.results).toEqual(['process://1 unknown', 'process://1 failure']);
    expect(h.probedAt).toHaveLength(2);
  });
});

describe('ProbeWorker: its container stops', () => {
  it('reports a stopped container as failing; under restartPolicy Never the worker ends and forgets its result', async () => {
    const always = harness('readiness');
    await always.probe();
    always.state.container = { ...running('1'), state: 'exited', exitCode: 1 };
    expect(await always.worker.doProbe()).toBe(true);

    const never = harness('readiness', {}, 'Never');
    never.worker.start();
    await never.clock.advance(0);
    never.state.container = { ...running('1'), state: 'exited', exitCode: 0 };
    await never.clock.advance(10_000);
    expect(never.results.at(-1)).toBe('process://1 failure');
    expect(never.state.ended).toBe(true);
    expect(never.removed).toEqual(['process://1']);
    expect(never.clock.pending).toBe(0);
  });

  it('waits while the container is not created yet', async () => {
    const h = harness('readiness');
    h.state.container = undefined;
    expect(await h.worker.doProbe()).toBe(true);
    expect(h.results).toEqual([]);
  });
});

describe('ProbeWorker: its loop', () => {
  it('probes at once, then every periodSeconds; trigger probes at once', async () => {
    const h = harness('readiness', { periodMs: 1_000 });
    h.worker.start();
    await h.clock.advance(2_500);
    expect(h.probedAt).toEqual([0, 1_000, 2_000]);
    h.worker.trigger();
    await h.clock.advance(0);
    expect(h.probedAt).toEqual([0, 1_000, 2_000, 2_500]);
    await h.clock.advance(1_000);
    expect(h.probedAt.at(-1)).toBe(3_500);
    await h.worker.stop();
  });

  it('stop cancels the probe under way, leaves no timer and forgets the result', async () => {
    const h = harness('readiness', { periodMs: 1_000 });
    h.worker.start();
    await h.clock.advance(0);
    const release = h.holdProbes();
    await h.clock.advance(1_000);
    expect(h.probedAt).toEqual([0, 1_000]);
    const stopped = h.worker.stop();
    expect(h.signals.at(-1)!.aborted).toBe(true);
    release();
    await stopped;
    await h.clock.advance(10_000);
    expect(h.probedAt).toEqual([0, 1_000]);
    expect(h.clock.pending).toBe(0);
    expect(h.removed).toEqual(['process://1']);
    h.worker.trigger();
    expect(h.clock.pending).toBe(0);
  });
});
