import { describe, expect, it } from 'vitest';
import { matchesRequiredNodeAffinity } from './node-affinity.js';
import { tolerates, untoleratedTaint } from './taints.js';

const node = { metadata: { name: 'node-1', labels: { zone: 'a', gpus: '4' } } };

describe('matchesRequiredNodeAffinity', () => {
  const terms = (...nodeSelectorTerms: object[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } } });

  it('needs every nodeSelector label', () => {
    expect(matchesRequiredNodeAffinity({ nodeSelector: { zone: 'a' } }, node)).toBe(true);
    expect(matchesRequiredNodeAffinity({ nodeSelector: { zone: 'a', disk: 'ssd' } }, node)).toBe(false);
  });

  it('needs one term whose expressions and metadata.name fields all hold; an empty term matches nothing', () => {
    expect(matchesRequiredNodeAffinity(terms({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }, { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }), node)).toBe(true);
    expect(matchesRequiredNodeAffinity(terms({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }), node)).toBe(false);
    expect(matchesRequiredNodeAffinity(terms({}), node)).toBe(false);
    expect(matchesRequiredNodeAffinity(terms({ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['3'] }, { key: 'zone', operator: 'NotIn', values: ['b'] }] }), node)).toBe(true);
    expect(matchesRequiredNodeAffinity(terms({ matchExpressions: [{ key: 'gpus', operator: 'Lt', values: ['x'] }] }), node)).toBe(false);
    expect(matchesRequiredNodeAffinity(terms({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }), node)).toBe(true);
  });
});

describe('tolerates', () => {
  const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

  it('matches by key and effect, an empty one matching any; an empty operator is Equal', () => {
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: taint.key, operator: 'Exists', effect: 'NoSchedule' }, taint)).toBe(false);
    expect(tolerates({ key: taint.key, operator: '' }, taint)).toBe(true);
    expect(tolerates({ key: taint.key, value: 'x' }, taint)).toBe(false);
    expect(tolerates({ key: taint.key, operator: 'Gt' }, taint)).toBe(false);
  });

  it('finds the first taint of the given effects nothing tolerates', () => {
    const taints = [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'NoSchedule' }, taint];
    expect(untoleratedTaint(taints, [{ key: 'b', operator: 'Exists' }], new Set(['NoSchedule', 'NoExecute']))).toEqual(taint);
    expect(untoleratedTaint(taints, [{ operator: 'Exists' }], new Set(['NoSchedule', 'NoExecute']))).toBeUndefined();
  });
});
