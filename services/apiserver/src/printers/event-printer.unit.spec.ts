import { describe, expect, it } from 'vitest';
import { coreEventPrinter, eventsEventPrinter } from './event-printer.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');

describe('event printers (upstream printEvent, both API versions)', () => {
  it('has LAST SEEN TYPE REASON OBJECT MESSAGE, and wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME', () => {
    expect(coreEventPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0',
      'Type:0',
      'Reason:0',
      'Object:0',
      'Subobject:1',
      'Source:1',
      'Message:0',
      'First Seen:1',
      'Count:1',
      'Name:1',
    ]);
    expect(eventsEventPrinter.columns).toEqual(coreEventPrinter.columns);
  });

  it('prints a core/v1 event', () => {
    const event = {
      metadata: { name: 'web.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: ' Back-off restarting failed container \n',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2025-03-10T11:00:00Z',
      lastTimestamp: '2025-03-10T11:58:00Z',
      count: 12,
    };
    expect(coreEventPrinter.row(event, NOW).cells).toEqual(['2m', 'Warning', 'BackOff', 'pod/web', 'spec.containers{app}', 'kubelet, node-1', 'Back-off restarting failed container', '60m', 12, 'web.17a']);
  });

  it('falls back to eventTime, counts a singleton as 1, and reads series', () => {
    const singleton = { metadata: { name: 'n1' }, involvedObject: { kind: 'Node' }, reason: 'Starting', type: 'Normal', eventTime: '2025-03-10T11:59:50.123456Z', reportingComponent: 'kubelet' };
    expect(coreEventPrinter.row(singleton, NOW).cells).toEqual(['9s', 'Normal', 'Starting', 'node', '', 'kubelet', '', '9s', 1, 'n1']);
    const series = { ...singleton, series: { count: 4, lastObservedTime: '2025-03-10T11:59:58Z' } };
    expect(coreEventPrinter.row(series, NOW).cells).toMatchObject({ 0: '2s', 8: 4 });
  });

  it('prints an events.k8s.io/v1 event as its internal form (regarding, note, reportingController)', () => {
    const event = {
      metadata: { name: 'web.17b', namespace: 'default' },
      eventTime: '2025-03-10T11:57:00.000000Z',
      regarding: { kind: 'Deployment', name: 'web' },
      note: 'Scaled up replica set web-5d to 3',
      reason: 'ScalingReplicaSet',
      type: 'Normal',
      reportingController: 'deployment-controller',
      reportingInstance: 'cm-1',
      action: 'Scale',
    };
    expect(eventsEventPrinter.row(event, NOW).cells).toEqual(['3m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller, cm-1', 'Scaled up replica set web-5d to 3', '3m', 1, 'web.17b']);
  });
});
