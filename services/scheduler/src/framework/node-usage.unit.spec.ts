import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { snapshot } from '../cache/snapshot.js';
import { nodeInfos } from './node-info.js';
import { NodeUsage } from './node-usage.js';

const node = (name: string): KubeObject => ({ metadata: { name }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
const pod = (name: string, nodeName?: string, phase?: string, cpu = '100m'): KubeObject => ({
  metadata: { name, namespace: 'default' },
  spec: { ...(nodeName && { nodeName }), containers: [{ name: 'c', image: 'x', resources: { requests: { cpu, memory: '1Mi' } } }] },
  ...(phase && { status: { phase } }),
});
const usageOf = (u: NodeUsage, n: string) => ({ cpu: u.node(n).requested.milliCpu, memory: u.node(n).requested.memory, pods: u.node(n).podCount });

describe('NodeUsage: what the bound pods use of each node, one pod at a time', () => {
  it('counts a pod once bound, moves it when it changes, drops it when it finishes or goes', () => {
    const u = new NodeUsage();
    u.set('default/a', pod('a'));
    expect(usageOf(u, 'n1')).toEqual({ cpu: 0, memory: 0, pods: 0 });
    u.set('default/a', pod('a', 'n1'));
    u.set('default/b', pod('b', 'n1', 'Running', '250m'));
    expect(usageOf(u, 'n1')).toEqual({ cpu: 350, memory: 2 * 2 ** 20, pods: 2 });
    u.set('default/b', pod('b', 'n1', 'Running', '250m')); // a resync: the same pod again
    expect(usageOf(u, 'n1')).toEqual({ cpu: 350, memory: 2 * 2 ** 20, pods: 2 });
    u.set('default/b', pod('b', 'n1', 'Succeeded', '250m'));
    expect(usageOf(u, 'n1')).toEqual({ cpu: 100, memory: 2 ** 20, pods: 1 });
    u.set('default/a', pod('a', 'n2')); // replaced by a pod of the same name elsewhere
    expect(usageOf(u, 'n1')).toEqual({ cpu: 0, memory: 0, pods: 0 });
    expect(usageOf(u, 'n2')).toEqual({ cpu: 100, memory: 2 ** 20, pods: 1 });
    expect(u.placed('default/a')).toEqual({ node: 'n2', requested: { milliCpu: 100, memory: 2 ** 20, nonZeroMilliCpu: 100, nonZeroMemory: 2 ** 20 } });
    u.set('default/a', undefined);
    expect(usageOf(u, 'n2')).toEqual({ cpu: 0, memory: 0, pods: 0 });
    expect(u.placed('default/a')).toBeUndefined();
  });

  it('snapshot: the same NodeInfos as counting every pod, an assumed pod replacing the informer copy of it', () => {
    const nodes = [node('n1'), node('n2'), node('n3')];
    const informer = [pod('a', 'n1'), pod('b', 'n2', 'Running', '1'), pod('c', 'n2', 'Failed'), pod('d'), pod('e', 'n3')];
    const assumed = new Map([
      ['default/d', pod('d', 'n3', undefined, '500m')], // the informer shows it unbound still
      ['default/e', pod('e', 'n1')], // the informer's copy says n3: the assumed one wins
    ]);
    const expected = nodeInfos(nodes, [...informer.filter((p) => !assumed.has(`default/${p.metadata!.name}`)), ...assumed.values()]);
    expect(snapshot(nodes, NodeUsage.of(informer), assumed)).toEqual(expected);
    expect(expected.map((i) => [i.name, i.requested.milliCpu, i.podCount])).toEqual([
      ['n1', 200, 2],
      ['n2', 1000, 1],
      ['n3', 500, 1],
    ]);
  });
});
