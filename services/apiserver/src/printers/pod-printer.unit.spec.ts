import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { podPrinter } from './pod-printer.js';

const NOW = Date.parse('2025-01-01T01:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;

interface PodShape {
  containers?: string[];
  initContainers?: { name: string; restartPolicy?: string }[];
  phase?: string;
  reason?: string;
  conditions?: { type: string; status: string; reason?: string }[];
  containerStatuses?: object[];
  initContainerStatuses?: object[];
  deletionTimestamp?: string;
  readinessGates?: string[];
  nodeName?: string;
  podIP?: string;
  nominatedNodeName?: string;
}

function pod(p: PodShape): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(42 * MIN), ...(p.deletionTimestamp && { deletionTimestamp: p.deletionTimestamp }) },
    spec: {
      containers: (p.containers ?? ['app']).map((name) => ({ name, image: 'nginx' })),
      ...(p.initContainers && { initContainers: p.initContainers.map((c) => ({ image: 'busybox', ...c })) }),
      ...(p.readinessGates && { readinessGates: p.readinessGates.map((conditionType) => ({ conditionType })) }),
      ...(p.nodeName && { nodeName: p.nodeName }),
    },
    status: {
      ...(p.phase && { phase: p.phase }),
      ...(p.reason && { reason: p.reason }),
      ...(p.conditions && { conditions: p.conditions }),
      ...(p.containerStatuses && { containerStatuses: p.containerStatuses }),
      ...(p.initContainerStatuses && { initContainerStatuses: p.initContainerStatuses }),
      ...(p.podIP && { podIP: p.podIP, podIPs: [{ ip: p.podIP }] }),
      ...(p.nominatedNodeName && { nominatedNodeName: p.nominatedNodeName }),
    },
  };
}

const running = (name: string, extra: object = {}) => ({ name, image: 'nginx', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: ago(10 * MIN) } }, ...extra });
const waiting = (name: string, reason: string, extra: object = {}) => ({ name, image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });
const terminated = (name: string, t: object, extra: object = {}) => ({ name, image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, ...t } }, ...extra });

/** NAME READY STATUS RESTARTS AGE of the printed row. */
const row = (p: KubeObject) => podPrinter.row(p, NOW).cells.slice(0, 5);

describe('pod printer (upstream printPod)', () => {
  it('has upstream columns: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ]);
    expect(podPrinter.columns[0]).toMatchObject({ format: 'name', description: expect.stringMatching(/^Name must be unique within a namespace/) });
  });

  it('prints a pending pod by its phase, with <none> in the wide columns', () => {
    expect(podPrinter.row(pod({ phase: 'Pending' }), NOW).cells).toEqual(['web', '0/1', 'Pending', '0', '42m', '<none>', '<none>', '<none>', '<none>']);
  });

  it('counts ready containers and shows the first waiting reason', () => {
    expect(row(pod({ phase: 'Running', containers: ['a', 'b', 'c'], containerStatuses: [running('a'), waiting('b', 'ContainerCreating'), waiting('c', 'ErrImagePull')] }))).toEqual([
      'web',
      '1/3',
      'ContainerCreating',
      '0',
      '42m',
    ]);
  });

  it('shows CrashLoopBackOff with restarts and when the container last died', () => {
    const crashing = waiting('app', 'CrashLoopBackOff', { restartCount: 5, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(3 * MIN + 20_000) } } });
    expect(row(pod({ phase: 'Running', containerStatuses: [crashing] }))).toEqual(['web', '0/1', 'CrashLoopBackOff', '5 (3m20s ago)', '42m']);
  });

  it('names terminated containers by reason, signal or exit code', () => {
    expect(row(pod({ phase: 'Running', containerStatuses: [terminated('app', { reason: 'OOMKilled', exitCode: 137 })] }))[2]).toBe('OOMKilled');
    expect(row(pod({ phase: 'Running', containerStatuses: [terminated('app', { signal: 9, exitCode: 137 })] }))[2]).toBe('Signal:9');
    expect(row(pod({ phase: 'Running', containerStatuses: [terminated('app', { exitCode: 2 })] }))[2]).toBe('ExitCode:2');
    expect(row(pod({ phase: 'Succeeded', containerStatuses: [terminated('app', { reason: 'Completed' })] }))[2]).toBe('Completed');
  });

  it('turns a Completed pod with a container still running into Running or NotReady by its Ready condition', () => {
    const statuses = [terminated('a', { reason: 'Completed' }), running('b')];
    expect(row(pod({ phase: 'Running', containers: ['a', 'b'], containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'True' }] }))[2]).toBe('Running');
    expect(row(pod({ phase: 'Running', containers: ['a', 'b'], containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'False' }] }))[2]).toBe('NotReady');
  });

  it('shows init progress and init failures', () => {
    const initContainers = [{ name: 'i1' }, { name: 'i2' }];
    expect(row(pod({ phase: 'Pending', initContainers, initContainerStatuses: [terminated('i1', { reason: 'Completed' }), running('i2', { ready: false })] }))[2]).toBe('Init:1/2');
    expect(row(pod({ phase: 'Pending', initContainers, initContainerStatuses: [waiting('i1', 'PodInitializing'), waiting('i2', 'PodInitializing')] }))[2]).toBe('Init:0/2');
    expect(row(pod({ phase: 'Pending', initContainers, initContainerStatuses: [waiting('i1', 'CrashLoopBackOff', { restartCount: 4 })] }))).toEqual(['web', '0/1', 'Init:CrashLoopBackOff', '4', '42m']);
    expect(row(pod({ phase: 'Failed', initContainers, initContainerStatuses: [terminated('i1', { reason: 'Error', exitCode: 1 })] }))[2]).toBe('Init:Error');
    expect(row(pod({ phase: 'Pending', initContainers, initContainerStatuses: [terminated('i1', { exitCode: 3 })] }))[2]).toBe('Init:ExitCode:3');
    expect(row(pod({ phase: 'Pending', initContainers, initContainerStatuses: [terminated('i1', { signal: 15, exitCode: 143 })] }))[2]).toBe('Init:Signal:15');
  });

  it('counts restartable init containers (sidecars) as containers, with their restarts', () => {
    const p = pod({
      phase: 'Running',
      initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
      initContainerStatuses: [running('proxy', { started: true, restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * MIN) } } })],
      containerStatuses: [running('app')],
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
    });
    expect(row(p)).toEqual(['web', '2/2', 'Running', '2 (5m ago)', '42m']);
  });

  it('prints Terminating while deleting, Unknown for a lost node, and keeps the phase of a finished pod', () => {
    const deletionTimestamp = ago(MIN);
    expect(row(pod({ phase: 'Running', deletionTimestamp, containerStatuses: [running('app')] }))[2]).toBe('Terminating');
    expect(row(pod({ phase: 'Running', reason: 'NodeLost', deletionTimestamp }))[2]).toBe('Unknown');
    expect(row(pod({ phase: 'Succeeded', deletionTimestamp }))[2]).toBe('Succeeded');
  });

  it('prints SchedulingGated and the status reason over the phase', () => {
    expect(row(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }))[2]).toBe('SchedulingGated');
    expect(row(pod({ phase: 'Failed', reason: 'Evicted' }))[2]).toBe('Evicted');
  });

  it('marks finished pods Completed in the row conditions', () => {
    expect(podPrinter.row(pod({ phase: 'Succeeded' }), NOW).conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(podPrinter.row(pod({ phase: 'Failed' }), NOW).conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
    expect(podPrinter.row(pod({ phase: 'Running' }), NOW).conditions).toBeUndefined();
  });

  it('fills the wide columns: IP, node, nominated node and readiness gates that are True', () => {
    const p = pod({
      phase: 'Running',
      podIP: '10.244.0.7',
      nodeName: 'node-1',
      nominatedNodeName: 'node-2',
      readinessGates: ['example.com/lb', 'example.com/dns'],
      conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
    });
    expect(podPrinter.row(p, NOW).cells.slice(5)).toEqual(['10.244.0.7', 'node-1', 'node-2', '1/2']);
  });
});
