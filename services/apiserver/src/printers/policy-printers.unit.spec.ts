import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { podDisruptionBudgetPrinter } from './policy-printers.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2025-03-10T11:55:00Z' };

describe('poddisruptionbudget printer', () => {
  it('prints NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE, N/A for the bound not set', () => {
    const pdb: KubeObject = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata, spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 1 } };
    expect(podDisruptionBudgetPrinter.columns.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual(['Name:string:0', 'Min Available:string:0', 'Max Unavailable:string:0', 'Allowed Disruptions:integer:0', 'Age:string:0']);
    expect(podDisruptionBudgetPrinter.row(pdb, NOW).cells).toEqual(['web', '3', 'N/A', 1, '5m']);
    expect(podDisruptionBudgetPrinter.row({ ...pdb, spec: { maxUnavailable: '25%' }, status: {} }, NOW).cells).toEqual(['web', 'N/A', '25%', 0, '5m']);
  });
});
