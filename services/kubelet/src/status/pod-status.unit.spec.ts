import { describe, expect, it } from 'vitest';
import type { ContainerState, ContainerStatus } from './container-status.js';
import { podConditions } from './pod-conditions.js';
import { podPhase } from './pod-phase.js';

const status = (name: string, state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({ name, image: 'x', imageID: '', ready: false, restartCount: 0, state, lastState: {}, ...extra });
const running = (name: string, ready = true) => status(name, { running: { startedAt: 't' } }, { ready, started: true });
const exited = (name: string, exitCode: number) => status(name, { terminated: { exitCode } });
const waiting = (name: string, reason = 'ContainerCreating') => status(name, { waiting: { reason } });
const crashLooping = (name: string) => status(name, { waiting: { reason: 'CrashLoopBackOff' } }, { lastState: { terminated: { exitCode: 1 } }, restartCount: 3 });

describe('pod phase, as the kubelet computes it', () => {
  it.each([
    ['Always', [waiting('a')], 'Pending'],
    ['Always', [running('a'), waiting('b')], 'Pending'],
    ['Always', [running('a'), running('b')], 'Running'],
    ['Always', [crashLooping('a'), running('b')], 'Running'],
    ['Always', [exited('a', 0), exited('b', 1)], 'Running'],
    ['Never', [exited('a', 0), exited('b', 0)], 'Succeeded'],
    ['Never', [exited('a', 0), exited('b', 2)], 'Failed'],
    ['OnFailure', [exited('a', 1)], 'Running'],
    ['OnFailure', [exited('a', 0)], 'Succeeded'],
    ['Never', [running('a'), exited('b', 1)], 'Running'],
  ] as const)('restartPolicy %s, containers %j → %s', (policy, statuses, phase) => {
    expect(podPhase(policy, [], [], statuses.length, statuses)).toBe(phase);
  });

  it('is Pending until init containers complete, and Failed when one fails under Never', () => {
    const init = [{ name: 'setup' }];
    expect(podPhase('Always', init, [waiting('setup')], 1, [waiting('a')])).toBe('Pending');
    expect(podPhase('Always', init, [exited('setup', 0)], 1, [running('a')])).toBe('Running');
    expect(podPhase('Never', init, [exited('setup', 1)], 1, [waiting('a', 'PodInitializing')])).toBe('Failed');
    expect(podPhase('Always', init, [exited('setup', 1)], 1, [waiting('a', 'PodInitializing')])).toBe('Pending');
    expect(podPhase('Always', [{ name: 'proxy', restartPolicy: 'Always' }], [running('proxy')], 1, [running('a')])).toBe('Running');
  });
});

describe('pod conditions', () => {
  const now = '2026-11-24T01:00:00Z';
  it('reports unready and uninitialized containers by name, as upstream', () => {
    const conditions = podConditions('Pending', true, ['setup'], [waiting('setup', 'PodInitializing')], ['web', 'log'], [waiting('web'), waiting('log')], [], now);
    expect(conditions).toEqual([
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [setup]', lastProbeTime: null, lastTransitionTime: now },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web log]', lastProbeTime: null, lastTransitionTime: now },
      { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web log]', lastProbeTime: null, lastTransitionTime: now },
    ]);
  });

  it('is Ready when every container is, keeps transition times that did not change, and says PodCompleted when done', () => {
    const before = podConditions('Running', true, [], [], ['web'], [running('web')], [], '2026-11-24T00:00:00Z');
    const after = podConditions('Running', true, [], [], ['web'], [running('web')], before, now);
    expect(after.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2026-11-24T00:00:00Z' });
    const done = podConditions('Succeeded', true, [], [], ['web'], [exited('web', 0)], after, now);
    expect(done.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted', lastTransitionTime: now });
    expect(done.find((c) => c.type === 'PodReadyToStartContainers')).toMatchObject({ status: 'False' });
  });
});
