import { describe, expect, it } from 'vitest';
import { SchedulingQueue } from './scheduling-queue.js';

function fakeTimers() {
  const timers: Array<{ fn: () => void; at: number; cancelled: boolean }> = [];
  let now = 0;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, at: now + ms, cancelled: false };
      timers.push(t);
      return { cancel: () => void (t.cancelled = true) };
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.splice(0)) {
        if (t.cancelled) continue;
        if (t.at <= now) t.fn();
        else timers.push(t);
      }
    },
  };
}

const drain = async (q: SchedulingQueue) => {
  const keys: string[] = [];
  while (q.stats.active > 0) keys.push((await q.pop())!);
  return keys;
};

describe('SchedulingQueue', () => {
  it('hands pods out first in, first out, once each, and a pending pop gets the next one', async () => {
    const q = new SchedulingQueue({ maxUnschedulableMs: 1000 });
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    expect(await drain(q)).toEqual(['ns/a', 'ns/b']);
    const waiting = q.pop();
    q.add('ns/c');
    expect(await waiting).toBe('ns/c');
    expect(q.stats).toEqual({ active: 0, backoff: 0, unschedulable: 0, inFlight: 3 });
  });

  it('parks an unschedulable pod until the cluster changes; a status-only update leaves it parked, a spec change does not', async () => {
    const q = new SchedulingQueue({ maxUnschedulableMs: 60_000 });
    q.add('ns/a');
    q.add('ns/b');
    await drain(q);
    q.parkUnschedulable('ns/a');
    q.parkUnschedulable('ns/b');
    expect(q.stats.unschedulable).toBe(2);
    q.update('ns/a', false); // our own PodScheduled=False patch coming back
    expect(q.isUnschedulable('ns/a')).toBe(true);
    q.update('ns/a', true); // someone lowered its requests
    expect(q.isUnschedulable('ns/a')).toBe(false);
    expect(await q.pop()).toBe('ns/a');
    q.moveAllToActive(); // a node joined
    expect(await q.pop()).toBe('ns/b');
    expect(q.stats.unschedulable).toBe(0);
  });

  it('sends a pod straight back when the cluster changed while it was being scheduled (no lost wake-up)', async () => {
    const q = new SchedulingQueue({ maxUnschedulableMs: 60_000 });
    q.add('ns/a');
    expect(await q.pop()).toBe('ns/a');
    q.moveAllToActive(); // a node was added during the attempt
    q.parkUnschedulable('ns/a');
    expect(q.stats).toMatchObject({ active: 1, unschedulable: 0 });
    expect(await q.pop()).toBe('ns/a');
    q.parkUnschedulable('ns/a');
    expect(q.isUnschedulable('ns/a')).toBe(true);
  });

  it('does not requeue a pod in flight on its own status update, but does on a spec change', async () => {
    const q = new SchedulingQueue({ maxUnschedulableMs: 60_000 });
    q.add('ns/a');
    await q.pop();
    q.update('ns/a', false);
    q.parkUnschedulable('ns/a');
    expect(q.isUnschedulable('ns/a')).toBe(true);
    q.moveAllToActive();
    await q.pop();
    q.update('ns/a', true);
    q.parkUnschedulable('ns/a');
    expect(q.stats).toMatchObject({ active: 1, unschedulable: 0 });
  });

  it('flushes pods parked longer than maxUnschedulableMs back to the active queue', async () => {
    const clock = fakeTimers();
    const q = new SchedulingQueue({ maxUnschedulableMs: 5_000, now: clock.now, setTimer: clock.setTimer });
    q.add('ns/old');
    await q.pop();
    q.parkUnschedulable('ns/old');
    clock.advance(3_000);
    q.add('ns/young');
    await q.pop();
    q.parkUnschedulable('ns/young');
    clock.advance(2_500);
    q.flushUnschedulable();
    expect(q.stats).toMatchObject({ active: 1, unschedulable: 1 });
    expect(await q.pop()).toBe('ns/old');
  });

  it('retries a failed attempt after the backoff, and forgets a deleted pod wherever it waits', async () => {
    const clock = fakeTimers();
    const q = new SchedulingQueue({ maxUnschedulableMs: 5_000, now: clock.now, setTimer: clock.setTimer });
    q.add('ns/a');
    q.add('ns/b');
    await drain(q);
    q.requeueAfter('ns/a', 1_000);
    q.requeueAfter('ns/b', 1_000);
    expect(q.stats).toMatchObject({ active: 0, backoff: 2 });
    q.delete('ns/b');
    clock.advance(1_000);
    expect(q.stats).toMatchObject({ active: 1, backoff: 0 });
    expect(await q.pop()).toBe('ns/a');
    q.add('ns/c');
    q.delete('ns/c');
    expect(q.stats.active).toBe(0);
  });

  it('close() ends a pending pop with undefined', async () => {
    const q = new SchedulingQueue({ maxUnschedulableMs: 1000 });
    const waiting = q.pop();
    q.close();
    expect(await waiting).toBeUndefined();
    q.add('ns/a');
    expect(await q.pop()).toBeUndefined();
  });
});
