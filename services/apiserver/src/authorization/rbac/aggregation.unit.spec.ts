import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { aggregatedRules } from './aggregation.js';

const clusterRole = (name: string, labels: Record<string, string>, rules: object[] | null, selectors?: object[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name, labels },
  rules,
  ...(selectors && { aggregationRule: { clusterRoleSelectors: selectors } }),
});

const readPods = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
const readNodes = { apiGroups: [''], resources: ['nodes'], verbs: ['get'] };
const writePods = { apiGroups: [''], resources: ['pods'], verbs: ['create'] };

describe('ClusterRole aggregation (the clusterrole-aggregation controller)', () => {
  it('gathers the rules of every other ClusterRole a selector matches, in name order, once each', () => {
    const monitoring = clusterRole('monitoring', {}, null, [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }]);
    const roles = [
      monitoring,
      clusterRole('b-pods', { 'example.com/aggregate-to-monitoring': 'true' }, [readPods]),
      clusterRole('a-nodes', { 'example.com/aggregate-to-monitoring': 'true' }, [readNodes, readPods]),
      clusterRole('unlabelled', {}, [writePods]),
    ];
    expect(aggregatedRules(monitoring, roles)).toEqual([readNodes, readPods]);
  });

  it('ignores its own rules and labels, and takes the union over several selectors', () => {
    const agg = clusterRole('agg', { x: '1' }, [writePods], [{ matchLabels: { x: '1' } }, { matchExpressions: [{ key: 'y', operator: 'Exists' }] }]);
    expect(aggregatedRules(agg, [agg, clusterRole('x', { x: '1' }, [readPods]), clusterRole('y', { y: 'any' }, [readNodes])])).toEqual([readPods, readNodes]);
  });

  it('resolves aggregated roles that aggregate others (view into edit into admin), and stops at cycles', () => {
    const roles = [
      clusterRole('admin', {}, null, [{ matchLabels: { 'to-admin': 'true' } }]),
      clusterRole('edit', { 'to-admin': 'true' }, null, [{ matchLabels: { 'to-edit': 'true' } }]),
      clusterRole('view', { 'to-edit': 'true' }, null, [{ matchLabels: { 'to-view': 'true' } }]),
      clusterRole('to-view', { 'to-view': 'true' }, [readPods]),
      clusterRole('to-edit', { 'to-edit': 'true' }, [writePods]),
    ];
    expect(aggregatedRules(roles[0]!, roles)).toEqual([writePods, readPods]); // edit: to-edit, then view (name order)
    const a = clusterRole('a', { loop: 'a' }, [readPods], [{ matchLabels: { loop: 'b' } }]);
    const b = clusterRole('b', { loop: 'b' }, [readNodes], [{ matchLabels: { loop: 'a' } }]);
    expect(aggregatedRules(a, [a, b])).toEqual([readPods]);
  });

  it('selects nothing with a selector that is not one, everything with an empty one', () => {
    const bad = clusterRole('bad', {}, null, [{ matchExpressions: [{ key: 'x', operator: 'Near' }] }]);
    expect(aggregatedRules(bad, [bad, clusterRole('x', { x: '1' }, [readPods])])).toEqual([]);
    const all = clusterRole('all', {}, null, [{}]);
    expect(aggregatedRules(all, [all, clusterRole('x', { x: '1' }, [readPods]), clusterRole('y', {}, [readNodes])])).toEqual([readPods, readNodes]);
  });

  it('leaves a ClusterRole without an aggregationRule its own rules', () => {
    const plain = clusterRole('plain', {}, [readPods]);
    expect(aggregatedRules(plain, [plain])).toEqual([readPods]);
  });
});
