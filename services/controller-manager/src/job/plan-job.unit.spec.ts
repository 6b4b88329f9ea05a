import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { jobSpec } from './job-spec.js';
import { activeDeadlineInMs, activePodsForRemoval, countTerminating, isPodFailed, pastBackoffLimitOnFailure, wantActive } from './plan-job.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const spec = (s: Record<string, unknown> = {}) => jobSpec({ metadata: { name: 'j' }, spec: { parallelism: 2, completions: 5, backoffLimit: 6, template: { spec: { restartPolicy: 'Never' } }, ...s } });
const pod = (name: string, o: { phase?: string; deleting?: boolean; node?: string; index?: number; restarts?: number } = {}): KubeObject => ({
  metadata: { name, uid: `${name}-uid`, creationTimestamp: '2026-03-01T11:00:00Z', ...(o.deleting && { deletionTimestamp: '2026-03-01T11:59:00Z' }), ...(o.index !== undefined && { annotations: { 'batch.kubernetes.io/job-completion-index': String(o.index) } }) },
  spec: { ...(o.node && { nodeName: o.node }) },
  status: { phase: o.phase ?? 'Running', containerStatuses: [{ restartCount: o.restarts ?? 0 }] },
});
const names = (pods: readonly KubeObject[]) => pods.map((p) => p.metadata?.name);

describe('plan-job (syncJob and manageJob decisions)', () => {
  it('wants parallelism pods, no more than the completions left; without completions, parallelism until one succeeded', () => {
    expect(wantActive(spec(), 0, 0)).toBe(2);
    expect(wantActive(spec(), 4, 2)).toBe(1);
    expect(wantActive(spec(), 6, 0)).toBe(0);
    expect(wantActive(spec({ completions: undefined }), 0, 0)).toBe(2);
    expect(wantActive(spec({ completions: undefined }), 1, 1)).toBe(1);
  });

  it('a pod failed when Failed, or deleted before it succeeded (unless only failed pods are replaced)', () => {
    expect(isPodFailed(pod('a', { phase: 'Failed' }), spec())).toBe(true);
    expect(isPodFailed(pod('a', { deleting: true }), spec())).toBe(true);
    expect(isPodFailed(pod('a', { deleting: true, phase: 'Succeeded' }), spec())).toBe(false);
    expect(isPodFailed(pod('a', { deleting: true }), spec({ podReplacementPolicy: 'Failed' }))).toBe(false);
    expect(isPodFailed(pod('a'), spec())).toBe(false);
    expect(countTerminating([pod('a', { deleting: true }), pod('b', { deleting: true, phase: 'Failed' }), pod('c')])).toBe(1);
  });

  it('the active deadline counts from startTime, not while suspended', () => {
    const s = spec({ activeDeadlineSeconds: 30 });
    expect(activeDeadlineInMs(s, { startTime: '2026-03-01T11:59:50Z' }, NOW)).toBe(20_000);
    expect(activeDeadlineInMs(s, { startTime: '2026-03-01T11:59:30Z' }, NOW)).toBe(0);
    expect(activeDeadlineInMs(spec({ activeDeadlineSeconds: 30, suspend: true }), { startTime: '2026-03-01T11:59:00Z' }, NOW)).toBeUndefined();
    expect(activeDeadlineInMs(spec(), { startTime: '2026-03-01T11:59:00Z' }, NOW)).toBeUndefined();
    expect(activeDeadlineInMs(s, {}, NOW)).toBeUndefined();
  });

  it('with restartPolicy OnFailure, container restarts of running pods count against backoffLimit', () => {
    const onFailure = (limit: number) => spec({ backoffLimit: limit, template: { spec: { restartPolicy: 'OnFailure' } } });
    expect(pastBackoffLimitOnFailure(onFailure(2), [pod('a', { restarts: 1 }), pod('b', { restarts: 1 })])).toBe(true);
    expect(pastBackoffLimitOnFailure(onFailure(3), [pod('a', { restarts: 1 }), pod('b', { restarts: 1, phase: 'Failed' })])).toBe(false);
    expect(pastBackoffLimitOnFailure(onFailure(0), [pod('a', { restarts: 1 })])).toBe(true);
    expect(pastBackoffLimitOnFailure(spec({ backoffLimit: 0 }), [pod('a', { restarts: 3 })])).toBe(false);
  });

  it('removes unscheduled and pending pods before running ones; for Indexed Jobs repeated and stray indexes first', () => {
    const pods = [pod('running', { node: 'n1' }), pod('pending', { node: 'n1', phase: 'Pending' }), pod('unscheduled', { phase: 'Pending' })];
    expect(names(activePodsForRemoval(spec(), pods, 2, NOW))).toEqual(['unscheduled', 'pending']);
    const indexed = spec({ completionMode: 'Indexed', completions: 3 });
    const ipods = [pod('zero', { node: 'n1', index: 0 }), pod('zero-again', { index: 0, phase: 'Pending' }), pod('stray', { node: 'n1', index: 7 }), pod('one', { node: 'n1', index: 1 })];
    expect(names(activePodsForRemoval(indexed, ipods, 0, NOW))).toEqual(['stray', 'zero-again']);
    expect(names(activePodsForRemoval(indexed, ipods, 3, NOW))).toHaveLength(3);
  });
});
