import { describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { ApiError } from '../rest/api-error.js';
import { LeaderElector, type Lease, type LeaderElectorOptions } from './leader-elector.js';

const status = (code: number, reason: string) => new ApiError(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message: reason } as never, 'test');

/** One Lease behind get/create/update with resourceVersion checks, as the apiserver keeps it. */
function fakeLeases() {
  let lease: Lease | undefined;
  let rv = 0;
  const client = {
    failing: false,
    get: vi.fn(async () => {
      if (client.failing) throw status(503, 'ServiceUnavailable');
      if (!lease) throw status(404, 'NotFound');
      return structuredClone(lease);
    }),
    create: vi.fn(async (_ref: unknown, _ns: unknown, obj: KubeObject) => {
      if (lease) throw status(409, 'AlreadyExists');
      lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      return structuredClone(lease);
    }),
    update: vi.fn(async (_ref: unknown, _ns: unknown, obj: KubeObject) => {
      if (client.failing) throw status(503, 'ServiceUnavailable');
      if (obj.metadata?.resourceVersion !== lease?.metadata?.resourceVersion) throw status(409, 'Conflict');
      lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      return structuredClone(lease);
    }),
    lease: () => lease,
  };
  return client;
}

function fakeClock() {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const sleepers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        sleepers.push({ at: now + ms, resolve });
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    /** Moves time on in steps, letting the woken sleepers run in between. */
    async advance(ms: number, step = 500) {
      for (let t = 0; t < ms; t += step) {
        now += step;
        for (const s of sleepers.splice(0)) {
          if (s.at <= now) s.resolve();
          else sleepers.push(s);
        }
        for (let i = 0; i < 20; i++) await Promise.resolve();
      }
    },
  };
}

const elector = (client: ReturnType<typeof fakeLeases>, clock: ReturnType<typeof fakeClock>, identity: string, extra: Partial<LeaderElectorOptions> = {}) =>
  new LeaderElector({ client: client as unknown as LeaderElectorOptions['client'], namespace: 'kube-system', name: 'kube-scheduler', identity, now: clock.now, sleep: clock.sleep, ...extra });

describe('LeaderElector', () => {
  it('creates the Lease when there is none, with holder, duration, acquire and renew times', async () => {
    const client = fakeLeases();
    const clock = fakeClock();
    expect(await elector(client, clock, 'a').tryAcquireOrRenew()).toBe(true);
    expect(client.lease()).toMatchObject({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:00.000000Z', leaseTransitions: 0 },
    });
  });

  it('a second candidate waits until the holder has not renewed for the lease duration (on its own clock), then takes over', async () => {
    const client = fakeLeases();
    const clock = fakeClock();
    const a = elector(client, clock, 'a');
    const b = elector(client, clock, 'b');
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    await clock.advance(10_000);
    expect(await a.tryAcquireOrRenew()).toBe(true); // renewed: keeps acquireTime, moves renewTime
    expect(client.lease()!.spec).toMatchObject({ acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:10.000000Z' });
    await clock.advance(10_000);
    expect(await b.tryAcquireOrRenew()).toBe(false); // b sees the renewal now: the lease runs 15 s from here on b's clock
    await clock.advance(14_000);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    await clock.advance(2_000);
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(client.lease()!.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, acquireTime: '2026-01-01T00:00:36.000000Z' });
    expect(await a.tryAcquireOrRenew()).toBe(false);
  });

  it('two candidates racing for the same expired lease: the resourceVersion lets only one win', async () => {
    const client = fakeLeases();
    const clock = fakeClock();
    await elector(client, clock, 'old').tryAcquireOrRenew();
    const b = elector(client, clock, 'b');
    const c = elector(client, clock, 'c');
    await b.tryAcquireOrRenew();
    await c.tryAcquireOrRenew();
    await clock.advance(16_000);
    const results = await Promise.all([b.tryAcquireOrRenew(), c.tryAcquireOrRenew()]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('run(): leads, renews every retry period, and on stop releases the lease so another takes over at once', async () => {
    const client = fakeLeases();
    const clock = fakeClock();
    const a = elector(client, clock, 'a');
    const events: string[] = [];
    const running = a.run({ onStartedLeading: () => events.push('started'), onStoppedLeading: () => events.push('stopped'), onNewLeader: (id) => events.push(`leader ${id}`) });
    await clock.advance(500);
    expect(events).toEqual(['leader a', 'started']);
    expect(a.isLeader).toBe(true);
    await clock.advance(6_000);
    expect(Date.parse(client.lease()!.spec!.renewTime!)).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:00:05Z')); // renewed every 2 s
    a.stop();
    await running;
    expect(events).toEqual(['leader a', 'started', 'stopped']);
    expect(client.lease()!.spec).toMatchObject({ holderIdentity: null, leaseDurationSeconds: 1 });
    expect(await elector(client, clock, 'b').tryAcquireOrRenew()).toBe(true);
  });

  it('run(): a leader that cannot renew for the renew deadline stops leading', async () => {
    const client = fakeLeases();
    const clock = fakeClock();
    const a = elector(client, clock, 'a');
    const stopped = vi.fn();
    const running = a.run({ onStartedLeading: () => undefined, onStoppedLeading: stopped });
    await clock.advance(500);
    client.failing = true;
    await clock.advance(8_000);
    expect(stopped).not.toHaveBeenCalled();
    await clock.advance(4_000);
    await running;
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(a.isLeader).toBe(false);
  });

  it('refuses a renew deadline not shorter than the lease duration', () => {
    expect(() => elector(fakeLeases(), fakeClock(), 'a', { renewDeadlineMs: 15_000 })).toThrow(/renewDeadline/);
  });
});
