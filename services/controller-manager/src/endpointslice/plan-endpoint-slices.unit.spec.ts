import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import type { DesiredSlice, Endpoint } from './desired-endpoints.js';
import { planEndpointSlices } from './plan-endpoint-slices.js';

const service: KubeObject = { metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', labels: { app: 'web' } } };
const endpoint = (name: string, ip: string): Endpoint => ({ addresses: [ip], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` } });
const ports = [{ name: 'http', port: 8080, protocol: 'TCP' }];
const labels = { app: 'web', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' };
const slice = (name: string, endpoints: Endpoint[], p = ports): KubeObject => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: 'default', resourceVersion: '5', labels }, addressType: 'IPv4', endpoints, ports: p });

describe('EndpointSlice controller: the writes that make the slices say what the Service selects', () => {
  it('creates a slice owned by the Service with its labels, when there is none', () => {
    const desired: DesiredSlice[] = [{ ports, endpoints: [endpoint('a', '10.0.0.1')] }];
    const plan = planEndpointSlices(service, desired, []);
    expect(plan.update).toEqual([]);
    expect(plan.delete).toEqual([]);
    expect(plan.create).toEqual([
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: 'web-', namespace: 'default', labels, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }] },
        addressType: 'IPv4',
        endpoints: [endpoint('a', '10.0.0.1')],
        ports,
      },
    ]);
  });

  it('updates only a slice whose endpoints changed, and deletes slices no port group needs', () => {
    const current = slice('web-abc', [endpoint('a', '10.0.0.1')]);
    expect(planEndpointSlices(service, [{ ports, endpoints: [endpoint('a', '10.0.0.1')] }], [current])).toEqual({ create: [], update: [], delete: [] });
    const plan = planEndpointSlices(service, [{ ports, endpoints: [endpoint('a', '10.0.0.1'), endpoint('b', '10.0.0.2')] }], [current, slice('web-old', [], [{ name: 'x', port: 1, protocol: 'TCP' }])]);
    expect(plan.update).toEqual([{ ...current, endpoints: [endpoint('a', '10.0.0.1'), endpoint('b', '10.0.0.2')] }]);
    expect(plan.delete).toEqual(['web-old']);
  });

  it('keeps one empty slice when nothing is selected, splits past 100 endpoints, and leaves selectorless Services and foreign slices alone', () => {
    expect(planEndpointSlices(service, [], []).create).toHaveLength(1);
    const many = Array.from({ length: 150 }, (_, i) => endpoint(`p${i}`, `10.0.${Math.floor(i / 200)}.${i + 1}`));
    expect(planEndpointSlices(service, [{ ports, endpoints: many }], []).create.map((s) => (s['endpoints'] as unknown[]).length)).toEqual([100, 50]);
    expect(planEndpointSlices(service, undefined, [slice('web-abc', [])])).toEqual({ create: [], update: [], delete: [] });
    const foreign = { ...slice('mirror', []), metadata: { name: 'mirror', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'someone-else' } } };
    expect(planEndpointSlices(service, [{ ports, endpoints: [] }], [foreign]).delete).toEqual([]);
  });
});
