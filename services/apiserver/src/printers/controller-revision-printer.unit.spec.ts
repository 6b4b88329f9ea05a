import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { controllerRevisionPrinter } from './controller-revision-printer.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');

describe('controller revision printer', () => {
  it('NAME CONTROLLER REVISION AGE, the controller as <kind>.<group>/<name>, <none> without one', () => {
    const rev = (ownerReferences: unknown[]): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'agent-5d8f', namespace: 'default', creationTimestamp: '2025-03-10T11:59:30Z', ownerReferences },
      data: {},
      revision: 3,
    });
    expect(controllerRevisionPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Controller', 'Revision', 'Age']);
    expect(controllerRevisionPrinter.row(rev([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }]), NOW).cells).toEqual(['agent-5d8f', 'daemonset.apps/agent', 3, '30s']);
    expect(controllerRevisionPrinter.row(rev([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u' }]), NOW).cells).toEqual(['agent-5d8f', '<none>', 3, '30s']);
  });
});
