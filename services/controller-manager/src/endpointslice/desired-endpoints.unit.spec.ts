import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { desiredEndpoints } from './desired-endpoints.js';

const service = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'web', namespace: 'default' }, spec });
const pod = (name: string, opts: { ip?: string; ready?: boolean; labels?: Record<string, string>; ns?: string; deleting?: boolean; phase?: string; ports?: object[]; node?: string } = {}): KubeObject => ({
  metadata: { name, namespace: opts.ns ?? 'default', uid: `uid-${name}`, labels: opts.labels ?? { app: 'web' }, ...(opts.deleting && { deletionTimestamp: '2026-11-24T00:00:00Z' }) },
  spec: { nodeName: opts.node ?? 'node-1', containers: [{ name: 'c', image: 'x', ports: opts.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
  status: { phase: opts.phase ?? 'Running', ...(opts.ip !== undefined && { podIP: opts.ip }), conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
});

describe('EndpointSlice controller: the endpoints a Service should have', () => {
  it('lists the selected pods with IPs, ready or not, with the target port resolved', () => {
    const slices = desiredEndpoints(service({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }), [
      pod('b', { ip: '127.1.0.3', ready: false }),
      pod('a', { ip: '127.1.0.2' }),
      pod('no-ip'),
      pod('other', { ip: '127.1.0.4', labels: { app: 'db' } }),
      pod('elsewhere', { ip: '127.1.0.5', ns: 'prod' }),
      pod('done', { ip: '127.1.0.6', phase: 'Succeeded' }),
      pod('leaving', { ip: '127.1.0.7', deleting: true }),
    ]);
    expect(slices).toEqual([
      {
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: [
          { addresses: ['127.1.0.2'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } },
          { addresses: ['127.1.0.3'], conditions: { ready: false, serving: false, terminating: false }, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } },
          { addresses: ['127.1.0.7'], conditions: { ready: false, serving: true, terminating: true }, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'leaving', uid: 'uid-leaving' } },
        ],
      },
    ]);
  });

  it('groups pods by the ports they resolve to, uses the port number when targetPort is unset, and leaves selectorless Services alone', () => {
    const svc = service({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, protocol: 'TCP' }] });
    const slices = desiredEndpoints(svc, [pod('a', { ip: '10.0.0.1' }), pod('b', { ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 9000 }] })])!;
    expect(slices.map((s) => s.ports)).toEqual([
      [{ port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }],
      [{ port: 9000, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }],
    ]);
    expect(desiredEndpoints(service({ ports: [{ port: 80 }] }), [pod('a', { ip: '10.0.0.1' })])).toBeUndefined();
  });
});
