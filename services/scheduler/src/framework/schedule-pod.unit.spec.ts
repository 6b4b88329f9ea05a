import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { nodeInfos, withPod } from './node-info.js';
import { podRequests } from './pod-resources.js';
import { schedulePod } from './schedule-pod.js';

const node = (name: string, extra: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: object[]; unschedulable?: boolean; ready?: boolean } = {}): KubeObject => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
  spec: { ...(extra.taints && { taints: extra.taints }), ...(extra.unschedulable && { unschedulable: true }) },
  status: {
    allocatable: { cpu: extra.cpu ?? '4', memory: extra.memory ?? '8Gi', pods: extra.pods ?? '110' },
    conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }],
  },
});
const pod = (name: string, spec: Record<string, unknown> = {}, requests?: { cpu?: string; memory?: string }): KubeObject => ({
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'x', ...(requests && { resources: { requests } }) }], ...spec },
});
const first = () => 0;

describe('the scheduler: filters, scores and the FailedScheduling message', () => {
  it('sums container requests, takes the largest init container, and counts sidecars and overhead', () => {
    const p: KubeObject = {
      spec: {
        containers: [{ resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { resources: { limits: { cpu: '200m' } } }],
        initContainers: [{ resources: { requests: { cpu: '1', memory: '1Mi' } } }, { restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } }],
        overhead: { cpu: '10m' },
      },
    };
    // Scoring's non-zero requests: the containers without a memory request count 200 MiB each.
    expect(podRequests(p)).toEqual({ milliCpu: 1010, memory: 64 * 2 ** 20, nonZeroMilliCpu: 1010, nonZeroMemory: 464 * 2 ** 20 });
  });

  it('spreads pods without requests, counting them as 100m and 200 MiB on their nodes as upstream', () => {
    let infos = nodeInfos([node('a'), node('b'), node('c')], []);
    const counts = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const p = pod(`p${i}`, {}, {});
      const d = schedulePod(p, infos, { random: first });
      if (!('node' in d)) throw new Error(d.message);
      counts.set(d.node, (counts.get(d.node) ?? 0) + 1);
      infos = infos.map((n) => (n.name === d.node ? withPod(n, p) : n));
    }
    expect(Object.fromEntries(counts)).toEqual({ a: 10, b: 10, c: 10 });
    expect(infos.map((n) => [n.requested.milliCpu, n.requested.nonZeroMilliCpu])).toEqual([
      [0, 1000],
      [0, 1000],
      [0, 1000],
    ]);
  });

  it('places a pod on the least allocated node, and fills nodes evenly as pods are assumed', () => {
    let infos = nodeInfos([node('a'), node('b'), node('c')], [pod('x', { nodeName: 'a' }, { cpu: '2' })]);
    const decision = schedulePod(pod('p', {}, { cpu: '500m', memory: '256Mi' }), infos, { random: first });
    expect(decision).toEqual({ node: 'b', feasible: 3 });
    const counts = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const p = pod(`p${i}`, {}, { cpu: '100m', memory: '128Mi' });
      const d = schedulePod(p, infos, { random: first });
      if (!('node' in d)) throw new Error(d.message);
      counts.set(d.node, (counts.get(d.node) ?? 0) + 1);
      infos = infos.map((n) => (n.name === d.node ? withPod(n, p) : n));
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c']);
    const cpu = infos.map((n) => n.requested.milliCpu);
    expect(Math.max(...cpu) - Math.min(...cpu)).toBeLessThanOrEqual(200); // a started 2 cores ahead; the rest evened out
  });

  it('keeps cordoned, not-ready, tainted and unmatched nodes out, with upstream reasons', () => {
    const infos = nodeInfos(
      [
        node('cordoned', { unschedulable: true }),
        node('down', { ready: false }),
        node('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }),
        node('small', { cpu: '1' }),
        node('zone-b', { labels: { zone: 'b' } }),
      ],
      [],
    );
    const decision = schedulePod(pod('big', { nodeSelector: { 'kubernetes.io/hostname': 'small' } }, { cpu: '2' }), infos);
    expect(decision).toMatchObject({
      unschedulable: true,
      message:
        "0/5 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {gpu: true}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling.",
    });
  });

  it('honours tolerations, required node affinity and the pod count', () => {
    const infos = nodeInfos([node('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], labels: { zone: 'a' } }), node('full', { pods: '1', labels: { zone: 'b' } })], [pod('x', { nodeName: 'full' })]);
    expect(schedulePod(pod('t', { tolerations: [{ key: 'gpu', operator: 'Exists' }] }), infos)).toMatchObject({ node: 'gpu' });
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] } } };
    expect(schedulePod(pod('z', { affinity, tolerations: [{ operator: 'Exists' }] }), infos)).toMatchObject({ unschedulable: true, message: expect.stringContaining('1 Too many pods') });
    const byName = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['gpu'] }] }] } } };
    expect(schedulePod(pod('n', { affinity: byName, tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }] }), infos)).toMatchObject({ node: 'gpu' });
  });

  it('says there are no nodes when there are none', () => {
    expect(schedulePod(pod('p'), [])).toMatchObject({ unschedulable: true, message: 'no nodes available to schedule pods' });
  });
});
