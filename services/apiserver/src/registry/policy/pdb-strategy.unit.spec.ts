import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { strategyHarness } from '../testing/strategy-harness.js';
import { pdbStrategy } from './pdb-strategy.js';

const pdbs = strategyHarness('policy', 'poddisruptionbudgets', pdbStrategy);
const pdb = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
const prefix = 'PodDisruptionBudget.policy "web" is invalid: ';

describe('poddisruptionbudget strategy', () => {
  it('accepts one bound, an int or a percent up to 100%, and either eviction policy', () => {
    for (const spec of [{ minAvailable: 3 }, { minAvailable: '100%' }, { maxUnavailable: 0 }, { maxUnavailable: '25%', unhealthyPodEvictionPolicy: 'AlwaysAllow' }, { unhealthyPodEvictionPolicy: 'IfHealthyBudget' }]) {
      expect(pdbs.createError(pdb(spec))).toBe('');
    }
  });

  it('refuses both bounds, negative counts, bad or too large percents, an unknown policy and a bad selector, with upstream messages', () => {
    expect(pdbs.createError(pdb({ minAvailable: 1, maxUnavailable: 1 }))).toMatch(new RegExp(`^${prefix}spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$`));
    expect(pdbs.createError(pdb({ minAvailable: -1 }))).toBe(`${prefix}spec.minAvailable: Invalid value: -1: must be greater than or equal to 0`);
    expect(pdbs.createError(pdb({ maxUnavailable: '101%' }))).toBe(`${prefix}spec.maxUnavailable: Invalid value: "101%": must not be greater than 100%`);
    expect(pdbs.createError(pdb({ minAvailable: 'half' }))).toBe(
      `${prefix}spec.minAvailable: Invalid value: "half": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    );
    expect(pdbs.createError(pdb({ unhealthyPodEvictionPolicy: 'Never' }))).toBe(`${prefix}spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"`);
    expect(pdbs.createError(pdb({ selector: { matchExpressions: [{ key: 'app', operator: 'Near' }] } }))).toBe(`${prefix}spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`);
  });

  it('drops status on create, bumps generation on a spec change only, and keeps status on update', () => {
    const created = pdbs.create({ ...pdb({ minAvailable: 1 }), status: { disruptionsAllowed: 5 } });
    expect(created['status']).toBeUndefined();
    expect(created.metadata?.['generation']).toBe(1);
    const stored: KubeObject = { ...created, status: { disruptionsAllowed: 1, observedGeneration: 1 } };
    const relabelled = pdbs.update({ ...stored, metadata: { ...stored.metadata, labels: { a: 'b' } }, status: { disruptionsAllowed: 9 } }, stored);
    expect(relabelled.metadata?.['generation']).toBe(1);
    expect(relabelled['status']).toEqual({ disruptionsAllowed: 1, observedGeneration: 1 });
    const changed = pdbs.update({ ...stored, spec: { ...(stored['spec'] as object), minAvailable: 2 } }, stored);
    expect(changed.metadata?.['generation']).toBe(2);
    expect(pdbs.updateError({ ...stored, spec: { ...(stored['spec'] as object), minAvailable: 2, maxUnavailable: 1 } }, stored)).toContain('minAvailable and maxUnavailable cannot be both set');
  });
});
