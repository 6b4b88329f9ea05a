import { describe, expect, it } from 'vitest';
import type { ContainerState, ContainerStatus } from '../status/container-status.js';
import { logInstance } from './container-log-instance.js';

const status = (restartCount: number, state: ContainerState, lastState: ContainerState = {}): ContainerStatus => ({ name: 'c', image: 'i', imageID: '', ready: false, restartCount, state, lastState });
const exited = (containerID = 'process://1') => ({ terminated: { exitCode: 1, containerID } });

describe('logInstance (upstream validateContainerLogStatus): which run of the container a log request reads', () => {
  it('reads the running run, and with previous the one before it', () => {
    const running = status(2, { running: { startedAt: 'x' } }, exited());
    expect(logInstance('p', 'c', running, false)).toEqual({ restartCount: 2 });
    expect(logInstance('p', 'c', running, true)).toEqual({ restartCount: 1 });
  });

  it('reads a terminated run (restartPolicy Never), and with previous the one before', () => {
    expect(logInstance('p', 'c', status(0, exited()), false)).toEqual({ restartCount: 0 });
    expect(logInstance('p', 'c', status(1, exited('process://2'), exited()), true)).toEqual({ restartCount: 0 });
  });

  it('reads the last run of a container waiting to restart (CrashLoopBackOff counts the restart when it happens), previous or not', () => {
    const backOff = status(3, { waiting: { reason: 'CrashLoopBackOff' } }, exited());
    expect(logInstance('p', 'c', backOff, false)).toEqual({ restartCount: 3 });
    expect(logInstance('p', 'c', backOff, true)).toEqual({ restartCount: 3 });
  });

  it('says, in upstream words, why there is no log', () => {
    expect(logInstance('web', 'c', status(0, { running: {} }), true)).toEqual({ error: 'previous terminated container "c" in pod "web" not found' });
    expect(logInstance('web', 'c', status(0, { waiting: { reason: 'CreateContainerConfigError' } }), false)).toEqual({
      error: 'container "c" in pod "web" is waiting to start: CreateContainerConfigError',
    });
    expect(logInstance('web', 'c', status(0, { waiting: { reason: 'ContainerCreating' } }), false)).toEqual({ error: 'container "c" in pod "web" is waiting to start: ContainerCreating' });
    expect(logInstance('web', 'c', status(0, { waiting: { reason: 'ImagePullBackOff' } }), false)).toEqual({ error: 'container "c" in pod "web" is waiting to start: trying and failing to pull image' });
    expect(logInstance('web', 'c', status(0, {}), false)).toEqual({ error: 'container "c" in pod "web" is waiting to start - no logs yet' });
    expect(logInstance('web', 'c', status(1, { waiting: { reason: 'x' } }, { terminated: { exitCode: 1 } }), false)).toEqual({ error: 'container "c" in pod "web" is terminated' });
    expect(logInstance('web', 'c', undefined, false)).toEqual({ error: 'container "c" in pod "web" is not available' });
  });
});
