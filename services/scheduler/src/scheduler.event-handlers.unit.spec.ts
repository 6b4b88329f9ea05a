import { describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { DeletedFinalStateUnknown } from '@kubeledger/client';
import { AssumedPods } from './cache/assumed-pods.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { nodeEventHandler, podEventHandler } from './scheduler.event-handlers.js';

const pod = (name: string, spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, namespace: 'ns', resourceVersion: '1' },
  spec: { containers: [{ name: 'c', image: 'x' }], ...spec },
  ...extra,
});
const node = (name: string, extra: { unschedulable?: boolean; cpu?: string; heartbeat?: string } = {}): KubeObject => ({
  metadata: { name, labels: { zone: 'a' } },
  spec: { ...(extra.unschedulable && { unschedulable: true }) },
  status: { allocatable: { cpu: extra.cpu ?? '4' }, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: extra.heartbeat ?? 't0' }] },
});

function setup() {
  const queue = new SchedulingQueue({ maxUnschedulableMs: 60_000 });
  const assumed = new AssumedPods();
  const moveAll = vi.spyOn(queue, 'moveAllToActive');
  return { queue, assumed, moveAll, pods: podEventHandler({ schedulerName: 'default-scheduler', queue, assumed }), nodes: nodeEventHandler({ queue }) };
}

describe('scheduler event handlers', () => {
  it('queues unbound pods of this scheduler only', () => {
    const { queue, pods } = setup();
    pods.onAdd!(pod('mine'), true);
    pods.onAdd!(pod('named', { schedulerName: 'default-scheduler' }), false);
    pods.onAdd!(pod('theirs', { schedulerName: 'other' }), false);
    pods.onAdd!(pod('bound', { nodeName: 'n1' }), false);
    expect(queue.stats.active).toBe(2);
  });

  it('a pod seen bound ends its assumption and leaves the queue', async () => {
    const { queue, assumed, pods } = setup();
    pods.onAdd!(pod('p'), false);
    assumed.assume('ns/p', pod('p'), 'n1');
    pods.onUpdate!(pod('p'), pod('p', { nodeName: 'n1' }));
    expect(assumed.has('ns/p')).toBe(false);
    expect(queue.stats.active).toBe(0);
  });

  it('a bound pod deleted or finished wakes the parked pods; an unbound one deleted does not', async () => {
    const { queue, moveAll, pods } = setup();
    pods.onAdd!(pod('waiting'), false);
    await queue.pop();
    queue.parkUnschedulable('ns/waiting');
    pods.onDelete!(pod('never-bound'));
    expect(moveAll).not.toHaveBeenCalled();
    pods.onDelete!(new DeletedFinalStateUnknown('ns/gone', pod('gone', { nodeName: 'n1' })));
    expect(moveAll).toHaveBeenCalledTimes(1);
    expect(queue.isUnschedulable('ns/waiting')).toBe(false);
    pods.onUpdate!(pod('job', { nodeName: 'n1' }, { status: { phase: 'Running' } }), pod('job', { nodeName: 'n1' }, { status: { phase: 'Succeeded' } }));
    expect(moveAll).toHaveBeenCalledTimes(2);
  });

  it('our own status patch on a parked pod leaves it parked; a spec change requeues it', async () => {
    const { queue, pods } = setup();
    pods.onAdd!(pod('p'), false);
    await queue.pop();
    queue.parkUnschedulable('ns/p');
    const patched: KubeObject = { ...pod('p', {}, { status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } }), metadata: { name: 'p', namespace: 'ns', resourceVersion: '2' } };
    pods.onUpdate!(pod('p'), patched);
    expect(queue.isUnschedulable('ns/p')).toBe(true);
    pods.onUpdate!(patched, { ...patched, spec: { ...(patched['spec'] as object), nodeSelector: { zone: 'b' } } });
    expect(queue.stats).toMatchObject({ active: 1, unschedulable: 0 });
  });

  it('a node added, uncordoned or grown wakes parked pods; a heartbeat does not', () => {
    const { moveAll, nodes } = setup();
    nodes.onAdd!(node('n1'), false);
    expect(moveAll).toHaveBeenCalledTimes(1);
    nodes.onUpdate!(node('n1', { heartbeat: 't0' }), node('n1', { heartbeat: 't1' }));
    expect(moveAll).toHaveBeenCalledTimes(1);
    nodes.onUpdate!(node('n1', { unschedulable: true }), node('n1'));
    nodes.onUpdate!(node('n1', { cpu: '4' }), node('n1', { cpu: '8' }));
    expect(moveAll).toHaveBeenCalledTimes(3);
  });
});
