import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { servicePrinter } from './service-printer.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const service = (spec: object, status: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', creationTimestamp: '2025-03-10T11:55:00Z' }, spec, status });
const cells = (spec: object, status?: object) => servicePrinter.row(service(spec, status), NOW).cells;

describe('service printer (upstream printService)', () => {
  it('prints NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE and the wide SELECTOR', () => {
    expect(servicePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Type:0', 'Cluster-IP:0', 'External-IP:0', 'Port(s):0', 'Age:0', 'Selector:1']);
    expect(
      cells({
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        selector: { tier: 'web', app: 'shop' },
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      }),
    ).toEqual(['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '5m', 'app=shop,tier=web']);
  });

  it('shows node ports, <none> without ports or cluster IP, and headless None', () => {
    expect(cells({ type: 'NodePort', clusterIPs: ['10.96.0.11'], ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] }).slice(1, 5)).toEqual(['NodePort', '10.96.0.11', '<none>', '443:30443/TCP']);
    expect(cells({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }).slice(2, 5)).toEqual(['None', '<none>', '<none>']);
    expect(cells({ type: 'ClusterIP' })[2]).toBe('<none>');
    expect(cells({ type: 'ClusterIP', externalIPs: ['1.2.3.4', '5.6.7.8'] })[3]).toBe('1.2.3.4,5.6.7.8');
  });

  it('reads EXTERNAL-IP by type: load balancer ingress or <pending>, the external name', () => {
    expect(cells({ type: 'LoadBalancer' })[3]).toBe('<pending>');
    expect(cells({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '34.1.2.3' }, { hostname: 'lb.example.com' }] } })[3]).toBe('34.1.2.3,lb.example.com');
    expect(cells({ type: 'LoadBalancer', externalIPs: ['9.9.9.9'] }, { loadBalancer: { ingress: [{ ip: '34.1.2.3' }] } })[3]).toBe('34.1.2.3,9.9.9.9');
    expect(cells({ type: 'ExternalName', externalName: 'db.example.com' }).slice(1, 4)).toEqual(['ExternalName', '<none>', 'db.example.com']);
    expect(cells({})[3]).toBe('<unknown>');
  });
});
