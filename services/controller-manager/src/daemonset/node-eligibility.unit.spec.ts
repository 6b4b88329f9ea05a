import { describe, expect, it } from 'vitest';
import { nodeShouldRunDaemonPod } from './node-eligibility.js';
import { daemonSet, node } from './testing/daemonset-objects.js';

const template = (spec: Record<string, unknown>) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }], ...spec } });
const verdict = (shouldRun: boolean, shouldContinueRunning: boolean) => ({ shouldRun, shouldContinueRunning });

describe('nodeShouldRunDaemonPod', () => {
  it('runs on every plain node, cordoned ones too (daemon pods tolerate unschedulable)', () => {
    expect(nodeShouldRunDaemonPod(node('a'), daemonSet())).toEqual(verdict(true, true));
    expect(nodeShouldRunDaemonPod(node('a', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), daemonSet())).toEqual(verdict(true, true));
  });

  it('keeps off nodes the nodeSelector or required node affinity rules out, and off other nodes than a template nodeName', () => {
    const ssd = daemonSet({ template: template({ nodeSelector: { disk: 'ssd' } }) });
    expect(nodeShouldRunDaemonPod(node('a', { labels: { disk: 'ssd' } }), ssd)).toEqual(verdict(true, true));
    expect(nodeShouldRunDaemonPod(node('b', { labels: { disk: 'hdd' } }), ssd)).toEqual(verdict(false, false));
    const affinity = daemonSet({
      template: template({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }] } } } }),
    });
    expect(nodeShouldRunDaemonPod(node('a', { labels: { zone: 'z2' } }), affinity).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node('b', { labels: { zone: 'z1' } }), affinity).shouldRun).toBe(false);
    const pinned = daemonSet({ template: template({ nodeName: 'a' }) });
    expect(nodeShouldRunDaemonPod(node('a'), pinned).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node('b'), pinned)).toEqual(verdict(false, false));
  });

  it('an untolerated NoSchedule taint keeps new pods off but lets running ones stay; NoExecute evicts them', () => {
    const noSchedule = node('a', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });
    const noExecute = node('a', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] });
    expect(nodeShouldRunDaemonPod(noSchedule, daemonSet())).toEqual(verdict(false, true));
    expect(nodeShouldRunDaemonPod(noExecute, daemonSet())).toEqual(verdict(false, false));
    expect(nodeShouldRunDaemonPod(node('a', { taints: [{ key: 'dedicated', value: 'db', effect: 'PreferNoSchedule' }] }), daemonSet())).toEqual(verdict(true, true));
    const tolerant = daemonSet({ template: template({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] }) });
    expect(nodeShouldRunDaemonPod(noExecute, tolerant)).toEqual(verdict(true, true));
    expect(nodeShouldRunDaemonPod(noSchedule, tolerant)).toEqual(verdict(false, true));
  });

  it('the daemon tolerations keep pods on not-ready, unreachable and pressured nodes; network-unavailable only with hostNetwork', () => {
    const notReady = node('a', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }, { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }] });
    expect(nodeShouldRunDaemonPod(notReady, daemonSet())).toEqual(verdict(true, true));
    const network = node('a', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] });
    expect(nodeShouldRunDaemonPod(network, daemonSet())).toEqual(verdict(false, true));
    expect(nodeShouldRunDaemonPod(network, daemonSet({ template: template({ hostNetwork: true }) }))).toEqual(verdict(true, true));
  });
});
