import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { noScheduleTaintDiff, swapTaints, UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE } from './node-taints.js';

const node = (conditions: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1' },
  spec,
  status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
});
const NOW = '2026-03-01T12:00:00Z';

describe('noScheduleTaintDiff (doNoScheduleTaintingPass)', () => {
  it('asks for nothing on a healthy schedulable node', () => {
    expect(noScheduleTaintDiff(node({ Ready: 'True', MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False' }))).toEqual({ add: [], remove: [] });
  });

  it('maps Ready Unknown, Ready False, pressure and spec.unschedulable to their NoSchedule taints', () => {
    expect(noScheduleTaintDiff(node({ Ready: 'Unknown' })).add).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]);
    expect(noScheduleTaintDiff(node({ Ready: 'False', DiskPressure: 'True', NetworkUnavailable: 'True' }, { unschedulable: true })).add).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
  });

  it('removes its own taints no longer called for, and leaves the NoExecute ones and other taints alone', () => {
    const taints = [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: NOW },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: NOW },
      UNREACHABLE_NO_EXECUTE,
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ];
    expect(noScheduleTaintDiff(node({ Ready: 'True' }, { taints }))).toEqual({ add: [], remove: taints.slice(0, 2) });
  });

  it('keeps a taint already there', () => {
    expect(noScheduleTaintDiff(node({ Ready: 'Unknown' }, { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: NOW }] }))).toEqual({ add: [], remove: [] });
  });
});

describe('swapTaints (SwapNodeControllerTaint)', () => {
  it('adds with timeAdded and removes by key and effect', () => {
    const before = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { ...NOT_READY_NO_EXECUTE, timeAdded: '2026-01-01T00:00:00Z' }];
    expect(swapTaints(before, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], NOW)).toEqual([before[0], { ...UNREACHABLE_NO_EXECUTE, timeAdded: NOW }]);
  });

  it('changes nothing (undefined) when the taints are as asked, keeping the time a present one was added', () => {
    const before = [{ ...UNREACHABLE_NO_EXECUTE, timeAdded: '2026-01-01T00:00:00Z' }];
    expect(swapTaints(before, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], NOW)).toBeUndefined();
    expect(swapTaints([], [], [UNREACHABLE_NO_EXECUTE], NOW)).toBeUndefined();
  });

  it('answers an empty list when the last taint goes', () => {
    expect(swapTaints([UNREACHABLE_NO_EXECUTE], [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE], NOW)).toEqual([]);
  });
});
