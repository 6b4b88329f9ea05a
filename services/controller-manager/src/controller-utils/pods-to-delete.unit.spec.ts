import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { deletionOrder, POD_DELETION_COST, podsToDelete } from './pods-to-delete.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodOptions {
  node?: string;
  phase?: string;
  readySince?: number;
  created?: number;
  restarts?: number;
  cost?: string;
  uid?: string;
}
const pod = (name: string, o: PodOptions = {}): KubeObject => ({
  metadata: {
    name,
    uid: o.uid ?? `${name}-uid`,
    creationTimestamp: ago(o.created ?? 3600),
    ...(o.cost !== undefined && { annotations: { [POD_DELETION_COST]: o.cost } }),
  },
  spec: { ...(o.node !== undefined && { nodeName: o.node }) },
  status: {
    phase: o.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: o.readySince !== undefined ? 'True' : 'False', ...(o.readySince !== undefined && { lastTransitionTime: ago(o.readySince) }) }],
    containerStatuses: [{ name: 'app', restartCount: o.restarts ?? 0 }],
  },
});
const order = (pods: KubeObject[], related: KubeObject[] = []) => deletionOrder(pods, related, NOW).map((p) => p.metadata?.name);

describe('deletion order (ActivePodsWithRanks)', () => {
  it('unscheduled before scheduled, Pending before Unknown before Running, not ready before ready', () => {
    const pods = [
      pod('ready', { node: 'n1', readySince: 600 }),
      pod('running-unready', { node: 'n1' }),
      pod('unknown', { node: 'n1', phase: 'Unknown' }),
      pod('pending', { node: 'n1', phase: 'Pending' }),
      pod('unscheduled', { phase: 'Pending' }),
    ];
    expect(order(pods)).toEqual(['unscheduled', 'pending', 'unknown', 'running-unready', 'ready']);
  });

  it('then the lower pod-deletion-cost, then the node with more related pods', () => {
    expect(order([pod('dear', { node: 'n1', readySince: 60, cost: '10' }), pod('cheap', { node: 'n1', readySince: 60, cost: '-5' }), pod('junk-cost', { node: 'n1', readySince: 60, cost: 'x' })])).toEqual([
      'cheap',
      'junk-cost',
      'dear',
    ]);
    const a = pod('alone', { node: 'n1', readySince: 60 });
    const b = pod('crowded', { node: 'n2', readySince: 60 });
    const related = [a, b, pod('sibling-1', { node: 'n2' }), pod('sibling-2', { node: 'n2' })];
    expect(order([a, b], related)).toEqual(['crowded', 'alone']);
  });

  it('then ready for less time (log scale), more restarts, newer, and the uid when the log ranks tie', () => {
    expect(order([pod('long-ready', { node: 'n1', readySince: 4000 }), pod('just-ready', { node: 'n1', readySince: 10 })])).toEqual(['just-ready', 'long-ready']);
    expect(order([pod('calm', { node: 'n1' }), pod('crashy', { node: 'n1', restarts: 4 })])).toEqual(['crashy', 'calm']);
    expect(order([pod('old', { node: 'n1', created: 100_000 }), pod('new', { node: 'n1', created: 30 })])).toEqual(['new', 'old']);
    // 1,200 s and 2,000 s old share a log₂ rank (2⁴⁰ to 2⁴¹ ns): the uid decides.
    expect(order([pod('b', { node: 'n1', created: 1200, uid: 'uid-b' }), pod('a', { node: 'n1', created: 2000, uid: 'uid-a' })])).toEqual(['a', 'b']);
  });

  it('picks the first `count`, all of them when the count covers them', () => {
    const pods = [pod('ready', { node: 'n1', readySince: 600 }), pod('pending', { node: 'n1', phase: 'Pending' }), pod('unscheduled', { phase: 'Pending' })];
    expect(podsToDelete(pods, [], 2, NOW).map((p) => p.metadata?.name)).toEqual(['unscheduled', 'pending']);
    expect(podsToDelete(pods, [], 5, NOW)).toHaveLength(3);
  });
});
