import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { nodePrinter, nodeRoles } from './node-printer.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');

const node = (extra: { labels?: Record<string, string>; unschedulable?: boolean; conditions?: object[]; status?: object } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', creationTimestamp: '2025-03-07T08:00:00Z', ...(extra.labels && { labels: extra.labels }) },
  spec: { ...(extra.unschedulable && { unschedulable: true }) },
  status: { ...(extra.conditions && { conditions: extra.conditions }), ...extra.status },
});

describe('node printer (upstream printNode)', () => {
  it('has upstream columns, the wide ones at priority 1', () => {
    expect(nodePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Status:0',
      'Roles:0',
      'Age:0',
      'Version:0',
      'Internal-IP:1',
      'External-IP:1',
      'OS-Image:1',
      'Kernel-Version:1',
      'Container-Runtime:1',
    ]);
  });

  it('reads STATUS from the Ready condition and adds SchedulingDisabled for a cordoned node', () => {
    const status = (n: KubeObject) => nodePrinter.row(n, NOW).cells[1];
    expect(status(node({ conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }] }))).toBe('Ready');
    expect(status(node({ conditions: [{ type: 'Ready', status: 'Unknown' }] }))).toBe('NotReady');
    expect(status(node())).toBe('Unknown');
    expect(status(node({ unschedulable: true, conditions: [{ type: 'Ready', status: 'True' }] }))).toBe('Ready,SchedulingDisabled');
  });

  it('finds roles in node-role.kubernetes.io/<role> keys and the kubernetes.io/role value, sorted', () => {
    expect(nodeRoles({ 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/': 'x' })).toEqual([
      'control-plane',
      'edge',
      'worker',
    ]);
    expect(nodePrinter.row(node(), NOW).cells[2]).toBe('<none>');
  });

  it('prints the version, age and the wide node info', () => {
    const n = node({
      labels: { 'node-role.kubernetes.io/control-plane': '' },
      conditions: [{ type: 'Ready', status: 'True' }],
      status: {
        addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '192.168.1.10' }],
        nodeInfo: { kubeletVersion: 'v1.35.0', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://2.0.0' },
      },
    });
    expect(nodePrinter.row(n, NOW).cells).toEqual(['node-1', 'Ready', 'control-plane', '3d4h', 'v1.35.0', '192.168.1.10', '<none>', 'Debian GNU/Linux 12', '6.1.0', 'containerd://2.0.0']);
    expect(nodePrinter.row(node(), NOW).cells.slice(4)).toEqual(['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});
