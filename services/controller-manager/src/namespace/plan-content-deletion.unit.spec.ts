import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { estimatePodTermination, requeueAfterMs, summarizeContentDeletion } from './plan-content-deletion.js';

const obj = (name: string, finalizers?: string[]): KubeObject => ({ metadata: { name, namespace: 'team', ...(finalizers && { finalizers }) } });
const pod = (grace: number | undefined, phase = 'Running'): KubeObject => ({ metadata: { name: 'p' }, spec: { ...(grace !== undefined && { terminationGracePeriodSeconds: grace }) }, status: { phase } });
const gvr = (resource: string) => ({ resource: `${resource}.`, gvr: `/v1, Resource=${resource}` });

describe('planning namespace content deletion', () => {
  it('is done when every resource listed nothing after its delete', () => {
    expect(summarizeContentDeletion([{ ...gvr('pods'), estimate: 30, remaining: [] }, { ...gvr('configmaps'), estimate: 0, remaining: [] }])).toMatchObject({ estimate: 0, contentErrors: [] });
  });

  it('waits out the graceful estimate for remaining pods, and counts them', () => {
    const summary = summarizeContentDeletion([{ ...gvr('pods'), estimate: 30, remaining: [obj('a'), obj('b'), obj('c')] }]);
    expect(summary.estimate).toBe(30);
    expect([...summary.remainingByResource]).toEqual([['pods.', 3]]);
    expect(summary.contentErrors).toEqual([]);
  });

  it('gives content held by finalizers 15 s, and counts the finalizers', () => {
    const summary = summarizeContentDeletion([{ ...gvr('configmaps'), estimate: 0, remaining: [obj('a', ['example.com/x']), obj('b', ['example.com/x', 'orphan'])] }]);
    expect(summary.estimate).toBe(15);
    expect([...summary.remainingByFinalizer]).toEqual([['example.com/x', 2], ['orphan', 1]]);
  });

  it('calls content left with neither an estimate nor finalizers an error, as a failed delete', () => {
    const summary = summarizeContentDeletion([{ ...gvr('configmaps'), estimate: 0, remaining: [obj('late')] }, { ...gvr('secrets'), estimate: 0, error: 'the server is busy' }], 'discovery broke');
    expect(summary.contentErrors).toEqual(['unexpected items still remain in namespace: team for gvr: /v1, Resource=configmaps', 'the server is busy']);
    expect(summary.discoveryError).toBe('discovery broke');
  });

  it('estimates pod termination from the pods not yet finished', () => {
    expect(estimatePodTermination([pod(30), pod(45, 'Succeeded'), pod(5), pod(undefined)])).toBe(30);
    expect(estimatePodTermination([pod(60, 'Failed')])).toBe(0);
    expect(requeueAfterMs(30)).toBe(16_000);
    expect(requeueAfterMs(15)).toBe(8000);
  });
});
