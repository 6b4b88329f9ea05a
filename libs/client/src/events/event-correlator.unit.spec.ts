import { describe, expect, it } from 'vitest';
import { EventCorrelator, type EventDraft } from './event-correlator.js';

const draft = (message: string, over: Partial<EventDraft> = {}): EventDraft => ({
  involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: 'prod', name: 'web', uid: 'u1' },
  type: 'Warning',
  reason: 'BackOff',
  message,
  source: { component: 'kubelet', host: 'node-1' },
  ...over,
});

function correlator() {
  let n = 0;
  return new EventCorrelator(() => `web.${++n}`);
}

describe('EventCorrelator (client-go defaults)', () => {
  it('counts an identical event on the Event written first, with its first timestamp', () => {
    const c = correlator();
    expect(c.correlate(draft('Back-off restarting'), 1000)).toMatchObject({ skip: false, name: 'web.1', count: 1, repeat: false, firstTimestampMs: 1000 });
    expect(c.correlate(draft('Back-off restarting'), 5000)).toMatchObject({ skip: false, name: 'web.1', count: 2, repeat: true, firstTimestampMs: 1000, message: 'Back-off restarting' });
    expect(c.correlate(draft('Back-off restarting', { source: { component: 'kubelet', host: 'node-2' } }), 5000)).toMatchObject({ name: 'web.2', count: 1 });
  });

  it('combines the 10th and later different messages of one reason about one object into an aggregate Event', () => {
    const c = correlator();
    const out = Array.from({ length: 12 }, (_, i) => c.correlate(draft(`m${i}`), 0));
    expect(out.slice(0, 9).map((o) => !o.skip && [o.name, o.message])).toEqual(Array.from({ length: 9 }, (_, i) => [`web.${i + 1}`, `m${i}`]));
    expect(out.slice(9).map((o) => !o.skip && [o.name, o.count, o.message])).toEqual([
      ['web.10', 1, '(combined from similar events): m9'],
      ['web.10', 2, '(combined from similar events): m10'],
      ['web.10', 3, '(combined from similar events): m11'],
    ]);
    // Another reason about the same object is aggregated apart.
    expect(c.correlate(draft('x', { reason: 'Unhealthy' }), 0)).toMatchObject({ message: 'x', count: 1 });
  });

  it('starts aggregation afresh after 10 minutes without a similar event', () => {
    const c = correlator();
    for (let i = 0; i < 10; i++) c.correlate(draft(`m${i}`), 0);
    expect(c.correlate(draft('late'), 600_001)).toMatchObject({ message: 'late', count: 1, repeat: false });
  });

  it('lets a source write 25 events about an object at once, then one per 5 minutes; other objects are not held back', () => {
    const c = correlator();
    const first = Array.from({ length: 30 }, () => c.correlate(draft('same'), 0));
    expect(first.filter((o) => !o.skip)).toHaveLength(25);
    expect(c.correlate(draft('same'), 299_000)).toEqual({ skip: true });
    expect(c.correlate(draft('same'), 300_000)).toMatchObject({ skip: false, count: 32 }); // skipped repeats were counted
    expect(c.correlate(draft('same'), 300_001)).toEqual({ skip: true });
    const other = draft('same', { involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: 'prod', name: 'api', uid: 'u2' } });
    expect(c.correlate(other, 300_001)).toMatchObject({ skip: false, count: 1 });
  });
});
