import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { ApiError } from '../rest/api-error.js';
import { EventRecorder } from './event-recorder.js';

function fakeClient() {
  const calls: Array<{ op: string; namespace: string; body: unknown; name?: string }> = [];
  let missing = false;
  return {
    calls,
    loseEvents: () => (missing = true),
    client: {
      async create(_ref: unknown, namespace: string, body: KubeObject) {
        calls.push({ op: 'create', namespace, body });
        return body;
      },
      async patch(_ref: unknown, namespace: string, name: string, body: unknown) {
        calls.push({ op: 'patch', namespace, name, body });
        if (missing) throw new ApiError(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found', metadata: {} } as never, 'PATCH /api/v1/namespaces/prod/events/x');
        return {} as KubeObject;
      },
    },
  };
}

const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod', uid: 'u1', resourceVersion: '7' } };

describe('EventRecorder', () => {
  it('writes a core/v1 Event about the object, then counts repeats on it', async () => {
    const fake = fakeClient();
    const recorder = new EventRecorder(fake.client as never, { component: 'default-scheduler' }, { now: () => new Date('2026-11-24T01:00:00Z') });
    recorder.event(pod, 'Normal', 'Scheduled', 'Successfully assigned prod/web to node-1');
    recorder.event(pod, 'Normal', 'Scheduled', 'Successfully assigned prod/web to node-1');
    await recorder.flush();
    expect(fake.calls[0]).toMatchObject({
      op: 'create',
      namespace: 'prod',
      body: {
        kind: 'Event',
        involvedObject: { kind: 'Pod', name: 'web', namespace: 'prod', uid: 'u1' },
        reason: 'Scheduled',
        type: 'Normal',
        source: { component: 'default-scheduler' },
        count: 1,
        firstTimestamp: '2026-11-24T01:00:00Z',
      },
    });
    expect(fake.calls[1]).toMatchObject({ op: 'patch', namespace: 'prod', body: { count: 2, lastTimestamp: '2026-11-24T01:00:00Z' } });
  });

  it('writes a new Event when the counted one is gone, and never throws at the caller', async () => {
    const fake = fakeClient();
    const logged: string[] = [];
    const recorder = new EventRecorder(fake.client as never, { component: 'kubelet', host: 'node-1' }, { log: (m) => logged.push(m) });
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    fake.loseEvents();
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await recorder.flush();
    expect(fake.calls.map((c) => c.op)).toEqual(['create', 'patch', 'create']);
    expect(logged).toEqual([]);
  });

  it('writes up to 8 events at once, repeats of one event in order, and drops what is past 1,000 waiting', async () => {
    let inFlight = 0;
    let peak = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const ops: string[] = [];
    const client = {
      async create(_ref: unknown, _namespace: string, body: KubeObject & { reason?: string }) {
        peak = Math.max(peak, ++inFlight);
        await gate;
        inFlight--;
        ops.push(`create ${body.reason}`);
        return body;
      },
      async patch(_ref: unknown, _namespace: string, _name: string, body: { count: number }) {
        ops.push(`patch ${body.count}`);
        return {} as KubeObject;
      },
    };
    const logged: string[] = [];
    const recorder = new EventRecorder(client as never, { component: 'kubelet' }, { log: (m) => logged.push(m) });
    recorder.event(pod, 'Normal', 'Pulled', 'same');
    recorder.event(pod, 'Normal', 'Pulled', 'same');
    // One event about each of 1,005 pods (the spam filter counts per object).
    const podNumber = (i: number): KubeObject => ({ ...pod, metadata: { ...pod.metadata, name: `web-${i}`, uid: `u-${i}` } });
    for (let i = 0; i < 1005; i++) recorder.event(podNumber(i), 'Normal', `R${i}`, 'm');
    await new Promise((r) => setTimeout(r, 10));
    expect(peak).toBe(8);
    open();
    await recorder.flush();
    expect(ops.filter((o) => o.startsWith('create'))).toHaveLength(1 + 998);
    expect(ops.indexOf('patch 2')).toBeGreaterThan(ops.indexOf('create Pulled')); // the repeat after its Event exists
    expect(logged).toHaveLength(7);
    expect(logged[0]).toMatch(/^dropped event R998 for Pod prod\/web-998: 1000 events are waiting to be written$/);
  });

  it('writes 25 events about one object, combining similar ones after 10, as client-go (a 1,000-pod ReplicaSet: some 25 Events)', async () => {
    const fake = fakeClient();
    const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f', namespace: 'prod', uid: 'rs1' } };
    const recorder = new EventRecorder(fake.client as never, { component: 'replicaset-controller' });
    for (let i = 0; i < 1000; i++) recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-5d8f-${i}`);
    await recorder.flush();
    const creates = fake.calls.filter((c) => c.op === 'create').map((c) => (c.body as { message: string }).message);
    const patches = fake.calls.filter((c) => c.op === 'patch').map((c) => c.body as { count: number; message: string });
    expect(fake.calls).toHaveLength(25);
    expect(creates).toEqual([...Array.from({ length: 9 }, (_, i) => `Created pod: web-5d8f-${i}`), '(combined from similar events): Created pod: web-5d8f-9']);
    expect(patches).toHaveLength(15);
    expect(patches.at(-1)).toEqual(expect.objectContaining({ count: 16, message: '(combined from similar events): Created pod: web-5d8f-24' }));
  });
});
